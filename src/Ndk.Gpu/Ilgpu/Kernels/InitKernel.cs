using ILGPU;
using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// Initial weights theta = (float)sigma0 * Normal4(seed, InitStream, unit, 0, block) (a float32 product), four per thread
/// (block b = parameters 4b..4b+3 of a member), readout a negated for the odd member of an antithetic pair.
/// Index (ceil(params / 4), E). dims: FirstMember, Antithetic. offsets: WStride (parameters per member),
/// WOffset (start of a).
/// </summary>
public static class InitKernel
{
    public static void Run(Index2D index, ArrayView<float> w, KernelDims d, KernelOffsets o, ulong seed, float sigma0)
    {
        int member = index.Y;
        uint block = (uint)index.X;
        uint unit = KernelNoise.Unit(member, d.FirstMember, d.Antithetic, out float sign);
        GaussianNoise.Normal4(seed, GaussianNoise.InitStream, unit, 0, block,
            out float z0, out float z1, out float z2, out float z3);
        long p0 = (long)block << 2;
        long wBase = member * o.WStride;
        Write(w, wBase, p0, o, sigma0 * z0, sign);
        Write(w, wBase, p0 + 1, o, sigma0 * z1, sign);
        Write(w, wBase, p0 + 2, o, sigma0 * z2, sign);
        Write(w, wBase, p0 + 3, o, sigma0 * z3, sign);
    }

    static void Write(ArrayView<float> w, long wBase, long p, KernelOffsets o, float value, float sign)
    {
        if (p >= o.WStride) return;
        w[wBase + p] = p >= o.WOffset ? sign * value : value;
    }
}
