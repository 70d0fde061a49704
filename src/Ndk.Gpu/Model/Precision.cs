namespace Ndk.Gpu;

/// <summary>Arithmetic of the weights and forward/backward passes. Statistics are always accumulated in double.</summary>
public enum Precision
{
    Single,
    /// <summary>CPU backend only: measures the float32 error of the single-precision path.</summary>
    Double,
}
