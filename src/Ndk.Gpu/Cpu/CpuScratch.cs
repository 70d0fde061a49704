namespace Ndk.Gpu.Cpu;

/// <summary>
/// Work buffers of one worker thread for one member at a time, sized once per simulation so that the
/// step loop allocates nothing. Matrices over points are dense with row stride = the active column count.
/// </summary>
internal sealed class CpuScratch<T> where T : unmanaged
{
    public CpuScratch(CpuLayout layout, int columns, int noiseRows)
    {
        if (columns % CpuLayout.ColumnAlign != 0) throw new ArgumentException("columns must be padded", nameof(columns));
        Columns = columns;
        int n = layout.Width, L = layout.Depth;
        InputT = new T[layout.InputDim * columns];
        Pre = new T[L][]; Act = new T[L][]; ActT = new T[L][]; Delta = new T[L][];
        for (int l = 0; l < L; l++)
        {
            Pre[l] = new T[n * columns];
            Act[l] = new T[n * columns];
            ActT[l] = new T[columns * layout.PointMajorStride(1)];
            Delta[l] = new T[n * columns];
        }
        Output = new T[columns];
        Residual = new T[columns];
        ReadoutGradient = new T[n];
        Coefficients = new T[RoundUp4(n) * columns];
        NoiseRows = noiseRows;
        Noise = new float[noiseRows * Math.Max(layout.InputDim, n) + 8];
    }

    /// <summary>Capacity in point columns.</summary>
    public int Columns { get; }
    /// <summary>Input chunk, transposed: N0 x columns (used for probe chunks).</summary>
    public T[] InputT { get; }
    /// <summary>Pre-activations h^(l+1): N x columns.</summary>
    public T[][] Pre { get; }
    /// <summary>phi(h^(l+1)): N x columns.</summary>
    public T[][] Act { get; }
    /// <summary>phi(h^(l+1)) transposed: columns x N (the gradient products read it point-major).</summary>
    public T[][] ActT { get; }
    /// <summary>dE/dh^(l+1): N x columns.</summary>
    public T[][] Delta { get; }
    public T[] Output { get; }
    public T[] Residual { get; }
    public T[] ReadoutGradient { get; }
    /// <summary>Update coefficients -dt Delta / sqrt(fan-in) of the layer being updated: N x columns.</summary>
    public T[] Coefficients { get; }
    /// <summary>Rows per noise batch of the fused update.</summary>
    public int NoiseRows { get; }
    public float[] Noise { get; }

    const int ColumnPad = 2 * CpuLayout.ColumnAlign;

    static int RoundUp4(int n) => CpuLayout.RoundUp(n, BlockedMatrixProduct.TileRows);

    public static long Bytes(CpuLayout layout, int columns, int noiseRows)
    {
        long n = layout.Width, L = layout.Depth, c = columns, s = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long elements = layout.InputDim * c + L * 4 * n * c + L * c * ColumnPad + 2 * c + n + RoundUp4(layout.Width) * c;
        return elements * s + 4L * (noiseRows * Math.Max(layout.InputDim, layout.Width) + 8);
    }
}
