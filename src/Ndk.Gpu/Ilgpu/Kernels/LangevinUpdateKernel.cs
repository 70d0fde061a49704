using System.Runtime.CompilerServices;
using ILGPU;
using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// The fused Langevin step of a hidden weight matrix W^l (R x C), all members at once: the data gradient
/// g[i, j] = scale * sum_mu delta^l[mu, i] in[mu, j] is a batched product computed tile by tile, and its
/// epilogue applies theta &lt;- theta * decay - dt * g + noiseScale * xi to each weight, so every weight is
/// read and written exactly once per step and the gradient never touches memory.
/// Grid (ceil(C / 4T), ceil(R / 4T), E), group (T, T), dynamic shared <see cref="GemmTile.SharedFloats"/>.
/// dims: M = R, N = C, K = P, LogTile, FirstMember, Antithetic.
/// offsets: WStride, WOffset (layer start); XBase/XStride: delta^l (P x R per member);
/// YBase/YStride: the layer input (P x C per member; X with stride 0 for l = 1).
/// The noise of weight p is component p % 4 of Normal4(seed, LangevinStream, unit, step, p / 4).
/// </summary>
public static class LangevinUpdateKernel
{
    public static void Run(ArrayView<float> w, ArrayView<float> delta, ArrayView<float> input,
        KernelDims d, KernelOffsets o, UpdateCoefficients u, ulong seed, long step)
    {
        int member = Grid.IdxZ;
        int wide = 4 << d.LogTile;
        int n0 = Grid.IdxX * wide, m0 = Grid.IdxY * wide;
        var c = new Micro4x4();
        GemmTile.Accumulate(
            delta, o.XBase + member * o.XStride, 1, d.M, false,
            input, o.YBase + member * o.YStride, d.N, 1, false,
            d.M, d.N, d.K, d.LogTile, m0, n0, SharedMemory.GetDynamic<float>(), ref c);

        uint unit = KernelNoise.Unit(member, d.FirstMember, d.Antithetic, out _);
        long wBase = member * o.WStride;
        int m = m0 + (Group.IdxY << 2), n = n0 + (Group.IdxX << 2);
        if (n >= d.N) return;
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m, n, c.R0C0, c.R0C1, c.R0C2, c.R0C3);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 1, n, c.R1C0, c.R1C1, c.R1C2, c.R1C3);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 2, n, c.R2C0, c.R2C1, c.R2C2, c.R2C3);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 3, n, c.R3C0, c.R3C1, c.R3C2, c.R3C3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void UpdateRow(ArrayView<float> w, long wBase, long layerOffset, KernelDims d, UpdateCoefficients u,
        ulong seed, long step, uint unit, int m, int n, float g0, float g1, float g2, float g3)
    {
        if (m >= d.M) return;
        long p0 = layerOffset + (long)m * d.N + n;
        KernelNoise.At4(seed, GaussianNoise.LangevinStream, unit, step, p0, out float z0, out float z1, out float z2, out float z3);
        long at = wBase + p0;
        Update(w, at, u, g0, z0);
        if (n + 1 < d.N) Update(w, at + 1, u, g1, z1);
        if (n + 2 < d.N) Update(w, at + 2, u, g2, z2);
        if (n + 3 < d.N) Update(w, at + 3, u, g3, z3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Update(ArrayView<float> w, long at, UpdateCoefficients u, float gradSum, float xi) =>
        w[at] = w[at] * u.Decay - u.Dt * (u.GradScale * gradSum) + u.NoiseScale * xi;
}
