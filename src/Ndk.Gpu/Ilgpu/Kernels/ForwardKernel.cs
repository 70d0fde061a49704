using System.Runtime.CompilerServices;
using ILGPU;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// Hidden layer l, all members at once: h[m, mu, i] = scale * sum_j in[m, mu, j] W^l[m, i, j] and phi(h).
/// Grid (ceil(R / 8T), ceil(points / 8T), E), group (T, T), T = TTile, dynamic shared <see cref="GemmTile.SharedFloats"/>.
/// dims: M = points, N = R (rows of W^l = width), K = fan-in, Activation.
/// offsets: WStride, WOffset (layer start in a member); XBase/XStride: the input rows (X with stride 0,
/// or phi(h^{l-1})); YBase/YStride: where h and phi(h) go (the same offsets in the two buffers).
/// </summary>
public static class ForwardKernel
{
    public static void Run<TTile>(ArrayView<float> w, ArrayView<float> input, ArrayView<float> h, ArrayView<float> phi,
        KernelDims d, KernelOffsets o, float scale)
        where TTile : struct, ITileSize
    {
        int member = Grid.IdxZ;
        int wide = GemmTile.Rows << default(TTile).Log;
        int n0 = Grid.IdxX * wide, m0 = Grid.IdxY * wide;
        var c = new Micro8x8();
        GemmTile.Accumulate<TTile>(
            input, o.XBase + member * o.XStride, d.K, 1, true,
            w, member * o.WStride + o.WOffset, 1, d.K, true,
            d.M, d.N, d.K, m0, n0, SharedMemory.GetDynamic<float>(), ref c);

        long outBase = o.YBase + member * o.YStride;
        int m = m0 + Group.IdxY * GemmTile.Rows, n = n0 + Group.IdxX * GemmTile.Rows;
        StoreRow(h, phi, outBase, d, scale, m, n, c.C00, c.C01, c.C02, c.C03);
        StoreRow(h, phi, outBase, d, scale, m, n + 4, c.C04, c.C05, c.C06, c.C07);
        StoreRow(h, phi, outBase, d, scale, m + 1, n, c.C10, c.C11, c.C12, c.C13);
        StoreRow(h, phi, outBase, d, scale, m + 1, n + 4, c.C14, c.C15, c.C16, c.C17);
        StoreRow(h, phi, outBase, d, scale, m + 2, n, c.C20, c.C21, c.C22, c.C23);
        StoreRow(h, phi, outBase, d, scale, m + 2, n + 4, c.C24, c.C25, c.C26, c.C27);
        StoreRow(h, phi, outBase, d, scale, m + 3, n, c.C30, c.C31, c.C32, c.C33);
        StoreRow(h, phi, outBase, d, scale, m + 3, n + 4, c.C34, c.C35, c.C36, c.C37);
        StoreRow(h, phi, outBase, d, scale, m + 4, n, c.C40, c.C41, c.C42, c.C43);
        StoreRow(h, phi, outBase, d, scale, m + 4, n + 4, c.C44, c.C45, c.C46, c.C47);
        StoreRow(h, phi, outBase, d, scale, m + 5, n, c.C50, c.C51, c.C52, c.C53);
        StoreRow(h, phi, outBase, d, scale, m + 5, n + 4, c.C54, c.C55, c.C56, c.C57);
        StoreRow(h, phi, outBase, d, scale, m + 6, n, c.C60, c.C61, c.C62, c.C63);
        StoreRow(h, phi, outBase, d, scale, m + 6, n + 4, c.C64, c.C65, c.C66, c.C67);
        StoreRow(h, phi, outBase, d, scale, m + 7, n, c.C70, c.C71, c.C72, c.C73);
        StoreRow(h, phi, outBase, d, scale, m + 7, n + 4, c.C74, c.C75, c.C76, c.C77);
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
