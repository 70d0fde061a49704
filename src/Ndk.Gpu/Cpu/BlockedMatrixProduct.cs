using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ndk.Gpu.Cpu;

/// <summary>
/// Register-blocked products over a batch of point columns, row-major, C a multiple of
/// <see cref="CpuLayout.ColumnAlign"/>:
/// NN: out (M x C) = alpha W (M x K) B (K x C);  TN: out (K x C) = alpha W^T (W is M x K) D (M x C).
/// Both run one micro-kernel: a tile of 4 output rows x 3 SIMD vectors of columns accumulated over the
/// reduction index, A read through (row stride, reduction stride) so that W and W^T need no copy.
/// Loop order: row tile outer (its 4 rows of A stay in L1), column tiles inner (B stays in L2).
/// </summary>
internal static class BlockedMatrixProduct
{
    public const int TileRows = 4, TileVectors = 3;

    public static void ProductNN<T>(int m, int k, int c, ReadOnlySpan<T> w, ReadOnlySpan<T> b, Span<T> output, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Product(m, k, c, ref MemoryMarshal.GetReference(w), k, 1, ref MemoryMarshal.GetReference(b), c, output, alpha);

    public static void ProductTN<T>(int m, int k, int c, ReadOnlySpan<T> w, ReadOnlySpan<T> d, Span<T> output, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Product(k, m, c, ref MemoryMarshal.GetReference(w), 1, k, ref MemoryMarshal.GetReference(d), c, output, alpha);

    /// <summary>Output rows [k0, k1) of TN: out (rows k0..k1 x C) = alpha (W^T D)[k0..k1).</summary>
    public static void ProductTNRows<T>(int m, int k, int k0, int k1, int c, ReadOnlySpan<T> w, ReadOnlySpan<T> d, Span<T> output, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Product(k1 - k0, m, c, ref Unsafe.Add(ref MemoryMarshal.GetReference(w), k0), 1, k, ref MemoryMarshal.GetReference(d), c, output, alpha);

    /// <summary>Bytes of the B strip (reduction block x one column tile) kept in L1.</summary>
    const int StripBytes = 20 * 1024;

    /// <summary>Output rows per outer block: their rows of A (W) are read from memory once and then stay in L2.</summary>
    const int RowBlock = 64;

    /// <summary>
    /// out[r][j] = alpha sum_q A(r, q) B[q][j], A(r, q) = a[r aRow + q aRed], r &lt; rows, q &lt; red, j &lt; c.
    /// Loop order: column tile, then reduction block (its B strip, at most <see cref="StripBytes"/>, stays in
    /// L1), then row tiles streaming A past it; partial sums of later blocks are added to the output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Product<T>(int rows, int red, int c, ref T a, int aRow, int aRed, ref T b, int bStride, Span<T> output, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Length < rows * c) throw new ArgumentException("output too short");
        int vc = Vector256<T>.Count, vectors = c / vc;
        Span<Vector256<T>> tile = stackalloc Vector256<T>[TileRows * TileVectors];
        var va = Vector256.Create(alpha);
        ref T o = ref MemoryMarshal.GetReference(output);
        int kc = Math.Max(16, StripBytes / (TileVectors * Vector256<byte>.Count));
        if (kc >= red) kc = red;
        for (int rb = 0; rb < rows; rb += RowBlock)
        for (int v0 = 0, tv; v0 < vectors; v0 += tv)
        {
            tv = TileWidth(vectors - v0);
            for (int q0 = 0; q0 < red; q0 += kc)
            {
                int qn = Math.Min(kc, red - q0);
                bool first = q0 == 0, last = q0 + qn == red;
                ref T bq = ref Unsafe.Add(ref b, q0 * bStride + v0 * vc);
                int rEnd = Math.Min(rows, rb + RowBlock);
                for (int r0 = rb; r0 < rEnd; r0 += TileRows)
                {
                    int tr = Math.Min(TileRows, rows - r0);
                    Tile(tr, tv, qn, ref Unsafe.Add(ref a, r0 * aRow + q0 * aRed), aRow, aRed, ref bq, bStride, tile);
                    for (int r = 0; r < tr; r++)
                        for (int v = 0; v < tv; v++)
                        {
                            nuint at = (nuint)((r0 + r) * c + (v0 + v) * vc);
                            var sum = tile[r * TileVectors + v];
                            if (!first) sum += Vector256.LoadUnsafe(ref o, at);
                            if (last) sum *= va;
                            sum.StoreUnsafe(ref o, at);
                        }
                }
            }
        }
    }

    /// <summary>Vectors in the next column tile: 3, except 4 = 2 + 2 (no lone 1-vector tile, which is latency-bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TileWidth(int remaining) => remaining == 4 ? 2 : Math.Min(TileVectors, remaining);

    /// <summary>
    /// tile[r * 3 + v] = sum_q A(r, q) B[q][v*Count ..], for tr &lt;= 4 rows and tv &lt;= 3 vectors.
    /// The full 4 x 3 case is unrolled; edges go through the general loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Tile<T>(int tr, int tv, int red, ref T a, int aRow, int aRed, ref T b, int bStride, Span<Vector256<T>> tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int vc = Vector256<T>.Count;
        if (tr == 4 && tv == 3)
        {
            Vector256<T> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
            Vector256<T> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
            ref T a0 = ref a; ref T a1 = ref Unsafe.Add(ref a, aRow);
            ref T a2 = ref Unsafe.Add(ref a, 2 * aRow); ref T a3 = ref Unsafe.Add(ref a, 3 * aRow);
            nint qa = 0, qb = 0;
            for (int q = 0; q < red; q++, qa += aRed, qb += bStride)
            {
                var b0 = Vector256.LoadUnsafe(ref b, (nuint)qb);
                var b1 = Vector256.LoadUnsafe(ref b, (nuint)(qb + vc));
                var b2 = Vector256.LoadUnsafe(ref b, (nuint)(qb + 2 * vc));
                var x = Vector256.Create(Unsafe.Add(ref a0, qa));
                c00 = SimdMath.MulAdd(x, b0, c00); c01 = SimdMath.MulAdd(x, b1, c01); c02 = SimdMath.MulAdd(x, b2, c02);
                x = Vector256.Create(Unsafe.Add(ref a1, qa));
                c10 = SimdMath.MulAdd(x, b0, c10); c11 = SimdMath.MulAdd(x, b1, c11); c12 = SimdMath.MulAdd(x, b2, c12);
                x = Vector256.Create(Unsafe.Add(ref a2, qa));
                c20 = SimdMath.MulAdd(x, b0, c20); c21 = SimdMath.MulAdd(x, b1, c21); c22 = SimdMath.MulAdd(x, b2, c22);
                x = Vector256.Create(Unsafe.Add(ref a3, qa));
                c30 = SimdMath.MulAdd(x, b0, c30); c31 = SimdMath.MulAdd(x, b1, c31); c32 = SimdMath.MulAdd(x, b2, c32);
            }
            tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c10; tile[4] = c11; tile[5] = c12;
            tile[6] = c20; tile[7] = c21; tile[8] = c22; tile[9] = c30; tile[10] = c31; tile[11] = c32;
            return;
        }
        if (tr == 4 && tv == 2)
        {
            Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<T> c20 = default, c21 = default, c30 = default, c31 = default;
            ref T a0 = ref a; ref T a1 = ref Unsafe.Add(ref a, aRow);
            ref T a2 = ref Unsafe.Add(ref a, 2 * aRow); ref T a3 = ref Unsafe.Add(ref a, 3 * aRow);
            nint qa = 0, qb = 0;
            for (int q = 0; q < red; q++, qa += aRed, qb += bStride)
            {
                var b0 = Vector256.LoadUnsafe(ref b, (nuint)qb);
                var b1 = Vector256.LoadUnsafe(ref b, (nuint)(qb + vc));
                var x = Vector256.Create(Unsafe.Add(ref a0, qa));
                c00 = SimdMath.MulAdd(x, b0, c00); c01 = SimdMath.MulAdd(x, b1, c01);
                x = Vector256.Create(Unsafe.Add(ref a1, qa));
                c10 = SimdMath.MulAdd(x, b0, c10); c11 = SimdMath.MulAdd(x, b1, c11);
                x = Vector256.Create(Unsafe.Add(ref a2, qa));
                c20 = SimdMath.MulAdd(x, b0, c20); c21 = SimdMath.MulAdd(x, b1, c21);
                x = Vector256.Create(Unsafe.Add(ref a3, qa));
                c30 = SimdMath.MulAdd(x, b0, c30); c31 = SimdMath.MulAdd(x, b1, c31);
            }
            tile[0] = c00; tile[1] = c01; tile[3] = c10; tile[4] = c11;
            tile[6] = c20; tile[7] = c21; tile[9] = c30; tile[10] = c31;
            return;
        }
        if (tr == 4 && tv == 1)
        {
            Vector256<T> c0 = default, c1 = default, c2 = default, c3 = default;
            ref T a0 = ref a; ref T a1 = ref Unsafe.Add(ref a, aRow);
            ref T a2 = ref Unsafe.Add(ref a, 2 * aRow); ref T a3 = ref Unsafe.Add(ref a, 3 * aRow);
            nint qa = 0, qb = 0;
            for (int q = 0; q < red; q++, qa += aRed, qb += bStride)
            {
                var b0 = Vector256.LoadUnsafe(ref b, (nuint)qb);
                c0 = SimdMath.MulAdd(Vector256.Create(Unsafe.Add(ref a0, qa)), b0, c0);
                c1 = SimdMath.MulAdd(Vector256.Create(Unsafe.Add(ref a1, qa)), b0, c1);
                c2 = SimdMath.MulAdd(Vector256.Create(Unsafe.Add(ref a2, qa)), b0, c2);
                c3 = SimdMath.MulAdd(Vector256.Create(Unsafe.Add(ref a3, qa)), b0, c3);
            }
            tile[0] = c0; tile[3] = c1; tile[6] = c2; tile[9] = c3;
            return;
        }
        for (int r = 0; r < tr; r++)
        {
            ref T ar = ref Unsafe.Add(ref a, r * aRow);
            for (int v = 0; v < tv; v++)
            {
                Vector256<T> acc = default;
                nint qa = 0, qb = v * vc;
                for (int q = 0; q < red; q++, qa += aRed, qb += bStride)
                    acc = SimdMath.MulAdd(Vector256.Create(Unsafe.Add(ref ar, qa)), Vector256.LoadUnsafe(ref b, (nuint)qb), acc);
                tile[r * TileVectors + v] = acc;
            }
        }
    }

    /// <summary>dst (cols x rows, row stride dstStride) = src (rows x cols, row stride srcStride) transposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose<T>(int rows, int cols, ReadOnlySpan<T> src, int srcStride, Span<T> dst, int dstStride) where T : unmanaged
    {
        for (int r = 0; r < rows; r++)
        {
            var s = src.Slice(r * srcStride, cols);
            for (int j = 0; j < cols; j++) dst[j * dstStride + r] = s[j];
        }
    }
}
