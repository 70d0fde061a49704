using System.Numerics;

namespace Ndk.Gpu.Cpu;

/// <summary>
/// Forward pass of one member over a batch of point columns (NTK scaling, MODEL.md section 1):
/// h^1 = W^1 x / sqrt(N0), h^l = W^l phi(h^(l-1)) / sqrt(N), f = a . phi(h^L) / sqrt(N).
/// </summary>
internal static class CpuForwardPass
{
    /// <summary>
    /// Fills scratch.Pre/Act (and ActT for the hidden layers below the last when <paramref name="transposed"/>)
    /// and scratch.Output[0..columns). inputT: N0 x columns, zero in padding columns.
    /// </summary>
    public static void Run<T>(CpuLayout layout, ReadOnlySpan<T> weights, ReadOnlySpan<T> inputT, int columns,
        CpuScratch<T> scratch, bool transposed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int l = 0; l < layout.Depth; l++)
            LayerRows(layout, l, weights, l == 0 ? inputT : scratch.Act[l - 1], columns, scratch, transposed, 0, layout.Width);
        Readout(layout, weights, columns, scratch);
    }

    /// <summary>Rows [r0, r1) of layer l: h = W x / sqrt(fan-in), phi(h), and its transpose if asked.</summary>
    public static void LayerRows<T>(CpuLayout layout, int l, ReadOnlySpan<T> weights, ReadOnlySpan<T> below, int columns,
        CpuScratch<T> scratch, bool transposed, int r0, int r1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Width, k = layout.FanIn(l), rows = r1 - r0;
        if (rows <= 0) return;
        T scale = T.One / T.Sqrt(T.CreateChecked(k));
        var w = weights.Slice(layout.WeightOffset[l] + r0 * k, rows * k);
        var pre = scratch.Pre[l].AsSpan(r0 * columns, rows * columns);
        var act = scratch.Act[l].AsSpan(r0 * columns, rows * columns);
        BlockedMatrixProduct.ProductNN(rows, k, columns, w, below.Slice(0, k * columns), pre, scale);
        VectorActivations.Phi(layout.Activation, pre, act);
        if (transposed && l < layout.Depth - 1)
            BlockedMatrixProduct.Transpose<T>(rows, columns, act, columns, scratch.ActT[l].AsSpan(r0), layout.PointMajorStride(l + 1));
    }

    /// <summary>f = a . phi(h^L) / sqrt(N) into scratch.Output[0..columns).</summary>
    public static void Readout<T>(CpuLayout layout, ReadOnlySpan<T> weights, int columns, CpuScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Width;
        var a = weights.Slice(layout.ReadoutOffset, n);
        var f = scratch.Output.AsSpan(0, columns);
        BlockedMatrixProduct.ProductNN(1, n, columns, a, scratch.Act[layout.Depth - 1].AsSpan(0, n * columns), f, T.One / T.Sqrt(T.CreateChecked(n)));
    }
}
