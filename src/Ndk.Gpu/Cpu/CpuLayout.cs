namespace Ndk.Gpu.Cpu;

/// <summary>
/// Shapes of one member's network and where each weight matrix sits in its parameter vector
/// (the layout of <see cref="EnsembleState"/>: W^1 (N x N0), W^2..W^L (N x N), a (N)).
/// </summary>
internal sealed class CpuLayout
{
    public CpuLayout(NetworkSpec net, int trainCount)
    {
        InputDim = net.InputDim;
        Width = net.Width;
        Depth = net.Depth;
        Activation = (int)net.Activation;
        TrainCount = trainCount;
        TrainColumns = RoundUp(trainCount, ColumnAlign);
        long count = net.ParameterCount;
        if (count > int.MaxValue) throw new ArgumentException($"{count} parameters per network exceed the CPU backend's 2^31 limit");
        ParameterCount = (int)count;
        WeightOffset = new int[Depth];
        int off = 0;
        for (int l = 0; l < Depth; l++) { WeightOffset[l] = off; off += Width * FanIn(l); }
        ReadoutOffset = off;
    }

    /// <summary>Point columns are padded to a multiple of this (the SIMD width of the products).</summary>
    public const int ColumnAlign = 8;

    public int InputDim { get; }
    public int Width { get; }
    public int Depth { get; }
    public int Activation { get; }
    public int TrainCount { get; }
    /// <summary>Columns used for the training points: TrainCount rounded up to <see cref="ColumnAlign"/>.</summary>
    public int TrainColumns { get; }
    public int ParameterCount { get; }
    /// <summary>Offset of W^(l+1) (0-based layer l) in a member's parameters.</summary>
    public int[] WeightOffset { get; }
    public int ReadoutOffset { get; }

    /// <summary>Fan-in of 0-based layer l (l = Depth is the readout).</summary>
    public int FanIn(int l) => l == 0 ? InputDim : Width;

    /// <summary>
    /// Row stride of the point-major (P x fan-in) inputs of 0-based layer l: padded so that the rows of a
    /// column strip do not alias in the L1 cache (a stride of 1 KiB maps them all to 4 sets).
    /// </summary>
    public int PointMajorStride(int l) => RoundUp(FanIn(l), ColumnAlign) + ColumnAlign;

    public static int RoundUp(int x, int m) => (x + m - 1) / m * m;
}
