using System.Numerics;

namespace Ndk.Gpu.Cpu;

/// <summary>
/// The two dense products of the forward and backward passes, over a batch of point columns:
/// NN: out (M x C) = alpha W (M x K) B (K x C);  TN: out (K x C) = alpha W^T (W is M x K) D (M x C).
/// Row-major, dense, C a multiple of <see cref="CpuLayout.ColumnAlign"/>.
/// </summary>
internal static class BlockedMatrixProduct
{
    public static void ProductNN<T>(int m, int k, int c, ReadOnlySpan<T> w, ReadOnlySpan<T> b, Span<T> output, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var o = output.Slice(i * c, c);
            o.Clear();
            var wr = w.Slice(i * k, k);
            for (int kk = 0; kk < k; kk++)
            {
                T wik = wr[kk];
                var br = b.Slice(kk * c, c);
                for (int j = 0; j < c; j++) o[j] += wik * br[j];
            }
            for (int j = 0; j < c; j++) o[j] *= alpha;
        }
    }

    public static void ProductTN<T>(int m, int k, int c, ReadOnlySpan<T> w, ReadOnlySpan<T> d, Span<T> output, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        output.Slice(0, k * c).Clear();
        for (int i = 0; i < m; i++)
        {
            var wr = w.Slice(i * k, k);
            var dr = d.Slice(i * c, c);
            for (int kk = 0; kk < k; kk++)
            {
                T wik = wr[kk];
                var o = output.Slice(kk * c, c);
                for (int j = 0; j < c; j++) o[j] += wik * dr[j];
            }
        }
        for (int j = 0; j < k * c; j++) output[j] *= alpha;
    }

    /// <summary>dst (cols x rows) = src (rows x cols) transposed, src row stride srcStride.</summary>
    public static void Transpose<T>(int rows, int cols, ReadOnlySpan<T> src, int srcStride, Span<T> dst) where T : unmanaged
    {
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++)
                dst[j * rows + r] = src[r * srcStride + j];
    }
}
