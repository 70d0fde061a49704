namespace Ndk.Gpu;

/// <summary>
/// A fully connected network of MODEL.md section 1: input dimension N0, L hidden layers of width N,
/// scalar readout, no biases, NTK scaling (an explicit 1/sqrt(fan-in) in every layer).
/// </summary>
public sealed record NetworkSpec(int InputDim, int Width, int Depth, Activation Activation)
{
    /// <summary>Weights per network: N*N0 + (L-1)*N*N + N (the readout a).</summary>
    public long ParameterCount => (long)Width * InputDim + (long)(Depth - 1) * Width * Width + Width;

    /// <summary>Fan-in of layer l (1-based; l = Depth + 1 is the readout).</summary>
    public int FanIn(int layer) => layer == 1 ? InputDim : Width;

    public void Validate()
    {
        if (InputDim < 1) throw new ArgumentOutOfRangeException(nameof(InputDim), InputDim, "input dimension must be >= 1");
        if (Width < 1) throw new ArgumentOutOfRangeException(nameof(Width), Width, "width must be >= 1");
        if (Depth < 1) throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "depth must be >= 1");
    }
}
