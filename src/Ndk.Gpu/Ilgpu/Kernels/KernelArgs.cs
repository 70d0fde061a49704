namespace Ndk.Gpu.Ilgpu.Kernels;

// Kernel arguments, grouped into homogeneous structs (all int, all long, all float): ILGPU 1.5.3 has
// alignment bugs with mixed-type parameter structs (#1145, #1323), and kernels take at most 14 parameters.

/// <summary>Integer sizes of one launch; which fields mean what is documented at each kernel.</summary>
public struct KernelDims
{
    /// <summary>GEMM rows (or points of a chunk).</summary>
    public int M;
    /// <summary>GEMM columns (or width).</summary>
    public int N;
    /// <summary>GEMM reduction length (or a mode flag).</summary>
    public int K;
    /// <summary>Unused (kept so the struct stays eight ints).</summary>
    public int Reserved;
    public int Activation;
    /// <summary>Global index of local member 0 (noise units).</summary>
    public int FirstMember;
    /// <summary>1 when members 2k, 2k+1 are antithetic pairs.</summary>
    public int Antithetic;
    public int Extra;
}

/// <summary>64-bit element offsets and per-member strides into the flat buffers of one launch.</summary>
public struct KernelOffsets
{
    /// <summary>Parameters per member (member stride of the weight buffer).</summary>
    public long WStride;
    /// <summary>Offset of this launch's layer inside a member's parameters.</summary>
    public long WOffset;
    public long XBase;
    public long XStride;
    public long YBase;
    public long YStride;
}

/// <summary>Float coefficients of the fused Langevin update.</summary>
public struct UpdateCoefficients
{
    /// <summary>1 - dt T / sigma^2.</summary>
    public float Decay;
    public float Dt;
    /// <summary>sqrt(2 T dt).</summary>
    public float NoiseScale;
    /// <summary>1/sqrt(fan-in) applied to the accumulated gradient sum.</summary>
    public float GradScale;
}
