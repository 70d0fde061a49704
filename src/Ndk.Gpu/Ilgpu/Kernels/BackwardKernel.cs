using System.Runtime.CompilerServices;
using ILGPU;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// Back-propagation through hidden layer l+1, all members at once:
/// delta^l[m, mu, j] = phi'(h^l[m, mu, j]) * scale * sum_i delta^{l+1}[m, mu, i] W^{l+1}[m, i, j],
/// written in place over h^l (each element is read and then overwritten by the same thread).
/// Grid (ceil(N / 4T), ceil(P / 4T), E), group (T, T), dynamic shared <see cref="GemmTile.SharedFloats"/>.
/// dims: M = P, N = width (j), K = width (i), LogTile, Activation.
/// offsets: WStride, WOffset (start of W^{l+1}); XBase/XStride: delta^{l+1}; YBase/YStride: h^l.
/// </summary>
public static class BackwardKernel
{
    public static void Run(ArrayView<float> w, ArrayView<float> hd, KernelDims d, KernelOffsets o, float scale)
    {
        int member = Grid.IdxZ;
        int wide = 4 << d.LogTile;
        int n0 = Grid.IdxX * wide, m0 = Grid.IdxY * wide;
        var c = new Micro4x4();
        GemmTile.Accumulate(
            hd, o.XBase + member * o.XStride, d.K, 1, true,
            w, member * o.WStride + o.WOffset, d.N, 1, false,
            d.M, d.N, d.K, d.LogTile, m0, n0, SharedMemory.GetDynamic<float>(), ref c);

        long outBase = o.YBase + member * o.YStride;
        int m = m0 + (Group.IdxY << 2), n = n0 + (Group.IdxX << 2);
        StoreRow(hd, outBase, d, scale, m, n, c.R0C0, c.R0C1, c.R0C2, c.R0C3);
        StoreRow(hd, outBase, d, scale, m + 1, n, c.R1C0, c.R1C1, c.R1C2, c.R1C3);
        StoreRow(hd, outBase, d, scale, m + 2, n, c.R2C0, c.R2C1, c.R2C2, c.R2C3);
        StoreRow(hd, outBase, d, scale, m + 3, n, c.R3C0, c.R3C1, c.R3C2, c.R3C3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreRow(ArrayView<float> hd, long outBase, KernelDims d, float scale,
        int m, int n, float v0, float v1, float v2, float v3)
    {
        if (m >= d.M) return;
        long row = outBase + (long)m * d.N;
        Store(hd, row, n, d, scale * v0);
        Store(hd, row, n + 1, d, scale * v1);
        Store(hd, row, n + 2, d, scale * v2);
        Store(hd, row, n + 3, d, scale * v3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(ArrayView<float> hd, long row, int n, KernelDims d, float back)
    {
        if (n >= d.N) return;
        long i = row + n;
        hd[i] = back * ActivationFunctions.PhiPrime(d.Activation, hd[i]);
    }
}
