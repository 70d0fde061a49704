using System.Runtime.CompilerServices;
using ILGPU;
using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// The fused Langevin step of a hidden weight matrix W^l (R x C), all members at once: the data gradient
/// g[i, j] = scale * sum_mu delta^l[mu, i] in[mu, j] is a batched product computed tile by tile, and its
/// epilogue applies theta &lt;- theta * decay - dt * g + noiseScale * xi to each weight, so every weight is
/// read and written exactly once per step and the gradient never touches memory.
/// Grid (ceil(C / 8T), ceil(R / 8T), E), group (T, T), T = TTile, dynamic shared <see cref="GemmTile.SharedFloats"/>.
/// dims: M = R, N = C, K = P, FirstMember, Antithetic.
/// offsets: WStride, WOffset (layer start); XBase/XStride: delta^l (P x R per member);
/// YBase/YStride: the layer input (P x C per member; X with stride 0 for l = 1).
/// The noise of weight p is component p % 4 of Normal4(seed, LangevinStream, unit, step, p / 4).
/// </summary>
public static class LangevinUpdateKernel
{
    public static void Run<TTile>(ArrayView<float> w, ArrayView<float> delta, ArrayView<float> input,
        KernelDims d, KernelOffsets o, UpdateCoefficients u, ulong seed, long step)
        where TTile : struct, ITileSize
    {
        int member = Grid.IdxZ;
        int wide = GemmTile.Rows << default(TTile).Log;
        int n0 = Grid.IdxX * wide, m0 = Grid.IdxY * wide;
        var c = new Micro8x8();
        GemmTile.Accumulate<TTile>(
            delta, o.XBase + member * o.XStride, 1, d.M, false,
            input, o.YBase + member * o.YStride, d.N, 1, false,
            d.M, d.N, d.K, m0, n0, SharedMemory.GetDynamic<float>(), ref c);

        uint unit = KernelNoise.Unit(member, d.FirstMember, d.Antithetic, out _);
        long wBase = member * o.WStride;
        int m = m0 + Group.IdxY * GemmTile.Rows, n = n0 + Group.IdxX * GemmTile.Rows;
        if (n >= d.N) return;
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m, n, c.C00, c.C01, c.C02, c.C03);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m, n + 4, c.C04, c.C05, c.C06, c.C07);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 1, n, c.C10, c.C11, c.C12, c.C13);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 1, n + 4, c.C14, c.C15, c.C16, c.C17);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 2, n, c.C20, c.C21, c.C22, c.C23);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 2, n + 4, c.C24, c.C25, c.C26, c.C27);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 3, n, c.C30, c.C31, c.C32, c.C33);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 3, n + 4, c.C34, c.C35, c.C36, c.C37);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 4, n, c.C40, c.C41, c.C42, c.C43);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 4, n + 4, c.C44, c.C45, c.C46, c.C47);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 5, n, c.C50, c.C51, c.C52, c.C53);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 5, n + 4, c.C54, c.C55, c.C56, c.C57);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 6, n, c.C60, c.C61, c.C62, c.C63);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 6, n + 4, c.C64, c.C65, c.C66, c.C67);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 7, n, c.C70, c.C71, c.C72, c.C73);
        UpdateRow(w, wBase, o.WOffset, d, u, seed, step, unit, m + 7, n + 4, c.C74, c.C75, c.C76, c.C77);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void UpdateRow(ArrayView<float> w, long wBase, long layerOffset, KernelDims d, UpdateCoefficients u,
        ulong seed, long step, uint unit, int m, int n, float g0, float g1, float g2, float g3)
    {
        if (m >= d.M || n >= d.N) return;
        long p0 = layerOffset + (long)m * d.N + n;
        long at = wBase + p0;
        bool has1 = n + 1 < d.N, has2 = n + 2 < d.N, has3 = n + 3 < d.N;
        // Loads first: their latency hides behind the noise arithmetic.
        float t0 = w[at];
        float t1 = has1 ? w[at + 1] : 0f, t2 = has2 ? w[at + 2] : 0f, t3 = has3 ? w[at + 3] : 0f;
        KernelNoise.At4(seed, GaussianNoise.LangevinStream, unit, step, p0, out float z0, out float z1, out float z2, out float z3);
        w[at] = Step(t0, u, g0, z0);
        if (has1) w[at + 1] = Step(t1, u, g1, z1);
        if (has2) w[at + 2] = Step(t2, u, g2, z2);
        if (has3) w[at + 3] = Step(t3, u, g3, z3);
    }

    /// <summary>theta * decay - dt * g + noiseScale * xi, g = gradScale * (accumulated sum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Step(float theta, UpdateCoefficients u, float gradSum, float xi) =>
        theta * u.Decay - u.Dt * (u.GradScale * gradSum) + u.NoiseScale * xi;

}
