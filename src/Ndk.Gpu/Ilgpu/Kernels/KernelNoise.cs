using System.Runtime.CompilerServices;
using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// The noise of individual parameters, from <see cref="GaussianNoise.Normal4"/>: parameter p of a member
/// takes component p % 4 of block p / 4. Kernels that own four consecutive parameters starting anywhere
/// (layers need not start on a multiple of 4) call <see cref="At4"/>, which draws one block when p0 is
/// aligned and two when the four straddle a block boundary.
/// </summary>
public static class KernelNoise
{
    /// <summary>Noise unit and readout sign of a local member: pairs share a unit, the odd one mirrors a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Unit(int localMember, int firstMember, int antithetic, out float readoutSign)
    {
        int global = firstMember + localMember;
        if (antithetic != 0)
        {
            readoutSign = (global & 1) != 0 ? -1f : 1f;
            return (uint)(global >> 1);
        }
        readoutSign = 1f;
        return (uint)global;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void At4(ulong seed, uint stream, uint unit, long step, long p0,
        out float n0, out float n1, out float n2, out float n3)
    {
        uint block = (uint)(p0 >> 2);
        int shift = (int)(p0 & 3);
        GaussianNoise.Normal4(seed, stream, unit, step, block, out float a0, out float a1, out float a2, out float a3);
        if (shift == 0)
        {
            n0 = a0; n1 = a1; n2 = a2; n3 = a3;
            return;
        }
        GaussianNoise.Normal4(seed, stream, unit, step, block + 1, out float b0, out float b1, out float b2, out float b3);
        if (shift == 1) { n0 = a1; n1 = a2; n2 = a3; n3 = b0; }
        else if (shift == 2) { n0 = a2; n1 = a3; n2 = b0; n3 = b1; }
        else { n0 = a3; n1 = b0; n2 = b1; n3 = b2; }
    }
}
