using System.Runtime.CompilerServices;
using ILGPU;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// Hidden layer l, all members at once: h[m, mu, i] = scale * sum_j in[m, mu, j] W^l[m, i, j] and phi(h).
/// Grid (ceil(R / 4T), ceil(points / 4T), E), group (T, T), dynamic shared <see cref="GemmTile.SharedFloats"/>.
/// dims: M = points, N = R (rows of W^l = width), K = fan-in, LogTile, Activation.
/// offsets: WStride, WOffset (layer start in a member); XBase/XStride: the input rows (X with stride 0,
/// or phi(h^{l-1})); YBase/YStride: where h and phi(h) go (the same offsets in the two buffers).
/// </summary>
public static class ForwardKernel
{
    public static void Run(ArrayView<float> w, ArrayView<float> input, ArrayView<float> h, ArrayView<float> phi,
        KernelDims d, KernelOffsets o, float scale)
    {
        int member = Grid.IdxZ;
        int wide = 4 << d.LogTile;
        int n0 = Grid.IdxX * wide, m0 = Grid.IdxY * wide;
        var c = new Micro4x4();
        GemmTile.Accumulate(
            input, o.XBase + member * o.XStride, d.K, 1, true,
            w, member * o.WStride + o.WOffset, 1, d.K, true,
            d.M, d.N, d.K, d.LogTile, m0, n0, SharedMemory.GetDynamic<float>(), ref c);

        long outBase = o.YBase + member * o.YStride;
        int m = m0 + (Group.IdxY << 2), n = n0 + (Group.IdxX << 2);
        StoreRow(h, phi, outBase, d, scale, m, n, c.R0C0, c.R0C1, c.R0C2, c.R0C3);
        StoreRow(h, phi, outBase, d, scale, m + 1, n, c.R1C0, c.R1C1, c.R1C2, c.R1C3);
        StoreRow(h, phi, outBase, d, scale, m + 2, n, c.R2C0, c.R2C1, c.R2C2, c.R2C3);
        StoreRow(h, phi, outBase, d, scale, m + 3, n, c.R3C0, c.R3C1, c.R3C2, c.R3C3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreRow(ArrayView<float> h, ArrayView<float> phi, long outBase, KernelDims d, float scale,
        int m, int n, float v0, float v1, float v2, float v3)
    {
        if (m >= d.M) return;
        long row = outBase + (long)m * d.N;
        Store(h, phi, row, n, d, scale * v0);
        Store(h, phi, row, n + 1, d, scale * v1);
        Store(h, phi, row, n + 2, d, scale * v2);
        Store(h, phi, row, n + 3, d, scale * v3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(ArrayView<float> h, ArrayView<float> phi, long row, int n, KernelDims d, float value)
    {
        if (n >= d.N) return;
        h[row + n] = value;
        phi[row + n] = ActivationFunctions.Phi(d.Activation, value);
    }
}
