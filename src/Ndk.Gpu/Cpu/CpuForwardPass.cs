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
        int n = layout.Width;
        ReadOnlySpan<T> below = inputT;
        for (int l = 0; l < layout.Depth; l++)
        {
            int k = layout.FanIn(l);
            T scale = T.One / T.Sqrt(T.CreateChecked(k));
            var w = weights.Slice(layout.WeightOffset[l], n * k);
            var pre = scratch.Pre[l].AsSpan(0, n * columns);
            var act = scratch.Act[l].AsSpan(0, n * columns);
            BlockedMatrixProduct.ProductNN(n, k, columns, w, below, pre, scale);
            VectorActivations.Phi(layout.Activation, pre, act);
            if (transposed && l < layout.Depth - 1)
                BlockedMatrixProduct.Transpose<T>(n, columns, act, columns, scratch.ActT[l], layout.PointMajorStride(l + 1));
            below = act;
        }
        // f = a . phi(h^L) / sqrt(N)
        var a = weights.Slice(layout.ReadoutOffset, n);
        var f = scratch.Output.AsSpan(0, columns);
        BlockedMatrixProduct.ProductNN(1, n, columns, a, below, f, T.One / T.Sqrt(T.CreateChecked(n)));
    }
}
