namespace Ndk.Gpu;

/// <summary>The hidden-layer nonlinearity phi of MODEL.md section 1.</summary>
public enum Activation
{
    Linear,
    Relu,
    Erf,
    Tanh,
}
