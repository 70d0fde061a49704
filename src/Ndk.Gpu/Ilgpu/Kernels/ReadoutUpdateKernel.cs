using ILGPU;
using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// The fused Langevin step of the readout a (N weights per member): g[i] = scale * sum_mu r[mu] phi(h^L)[mu, i],
/// then the same update as <see cref="LangevinUpdateKernel"/>, with the readout noise negated for the odd
/// member of an antithetic pair. Index (ceil(N / 4), E): each thread owns four consecutive readout weights.
/// dims: M = P, N = width, FirstMember, Antithetic. offsets: WStride, WOffset (start of a);
/// XBase/XStride: phi(h^L) (P x N per member); YStride: residual member stride (P).
/// </summary>
public static class ReadoutUpdateKernel
{
    public static void Run(Index2D index, ArrayView<float> w, ArrayView<float> phi, ArrayView<float> residual,
        KernelDims d, KernelOffsets o, UpdateCoefficients u, ulong seed, long step)
    {
        int member = index.Y;
        int i0 = index.X << 2;
        long hBase = o.XBase + member * o.XStride;
        long rBase = member * o.YStride;
        float g0 = 0f, g1 = 0f, g2 = 0f, g3 = 0f;
        bool has1 = i0 + 1 < d.N, has2 = i0 + 2 < d.N, has3 = i0 + 3 < d.N;
        for (int mu = 0; mu < d.M; mu++)
        {
            float r = residual[rBase + mu];
            long row = hBase + (long)mu * d.N + i0;
            g0 += r * phi[row];
            if (has1) g1 += r * phi[row + 1];
            if (has2) g2 += r * phi[row + 2];
            if (has3) g3 += r * phi[row + 3];
        }

        uint unit = KernelNoise.Unit(member, d.FirstMember, d.Antithetic, out float sign);
        long p0 = o.WOffset + i0;
        long at = member * o.WStride + p0;
        float t0 = w[at];
        float t1 = has1 ? w[at + 1] : 0f, t2 = has2 ? w[at + 2] : 0f, t3 = has3 ? w[at + 3] : 0f;
        KernelNoise.At4(seed, GaussianNoise.LangevinStream, unit, step, p0, out float z0, out float z1, out float z2, out float z3);
        w[at] = LangevinUpdateKernel.Step(t0, u, g0, sign * z0);
        if (has1) w[at + 1] = LangevinUpdateKernel.Step(t1, u, g1, sign * z1);
        if (has2) w[at + 2] = LangevinUpdateKernel.Step(t2, u, g2, sign * z2);
        if (has3) w[at + 3] = LangevinUpdateKernel.Step(t3, u, g3, sign * z3);
    }
}
