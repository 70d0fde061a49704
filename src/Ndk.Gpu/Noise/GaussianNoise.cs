using System.Runtime.CompilerServices;

namespace Ndk.Gpu.Noise;

/// <summary>
/// Standard normal draws as a pure function of (seed, stream, unit, step, parameter block), the same
/// code in every backend. Philox4x32-10 is keyed by the 64-bit seed and counted by
/// c0 = parameter block (parameters 4b..4b+3 of one member's layout, see <see cref="EnsembleState"/>),
/// c1 = noise unit (the member index, or the pair index k for antithetic members 2k, 2k+1),
/// c2 = low 32 bits of the step, c3 = stream in the top byte and bits 32..55 of the step.
/// Box-Muller turns the four 32-bit words into four normals.
/// <para>
/// Bit-exactness across backends: the transform uses only integer operations, exact int-to-float
/// conversions, multiplications by powers of two, IEEE float add/sub/mul/div and sqrt, in a fixed
/// order, with no fused multiply-add. The logarithm and the sine/cosine are our own polynomials (not
/// MathF.Log/Sin/Cos, whose results differ between runtimes, SIMD libraries and GPUs), so
/// <see cref="GaussianNoiseSimd"/> and a GPU kernel that keeps every add and mul separately rounded
/// (PTX add.rn/mul.rn, not contracted to fma) give the same bits as this scalar code.
/// </para>
/// </summary>
public static class GaussianNoise
{
    /// <summary>The draws of the initial weights (step 0).</summary>
    public const uint InitStream = 0;
    /// <summary>The Langevin noise xi of each step.</summary>
    public const uint LangevinStream = 1;

    // 2 ln 2 and the atanh series coefficients of ln x = 2 (s + s^3/3 + s^5/5 + s^7/7 + s^9/9), s = (x-1)/(x+1).
    internal const float TwoLn2 = 1.38629436111989061883f;
    internal const float Sqrt2 = 1.41421356237309504880f;
    internal const float L3 = 0.333333333333333333f;
    internal const float L5 = 0.2f;
    internal const float L7 = 0.142857142857142857f;
    internal const float L9 = 0.111111111111111111f;

    // sin(2 pi f) and cos(2 pi f) Taylor coefficients in f, |f| <= 1/8.
    internal const float S1 = 6.28318530717958647692f;       // 2pi
    internal const float S3 = -41.3417022403997484f;         // -(2pi)^3/3!
    internal const float S5 = 81.6052492760750131f;          // (2pi)^5/5!
    internal const float S7 = -76.7058597530612713f;         // -(2pi)^7/7!
    internal const float S9 = 42.0587658153897318f;          // (2pi)^9/9!
    internal const float C2 = -19.7392088021787172f;         // -(2pi)^2/2!
    internal const float C4 = 64.9393940226682915f;          // (2pi)^4/4!
    internal const float C6 = -85.4568172066919542f;         // -(2pi)^6/6!
    internal const float C8 = 60.2446397389664466f;          // (2pi)^8/8!
    internal const float C10 = -26.4262341362033098f;        // -(2pi)^10/10!
    internal const float TwoToMinus24 = 1.0f / 16777216.0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Normal4(ulong seed, uint stream, uint unit, long step, uint block,
        out float z0, out float z1, out float z2, out float z3)
    {
        uint c3 = (stream << 24) | (uint)((ulong)step >> 32 & 0xFFFFFFu);
        Philox4x32.Generate((uint)seed, (uint)(seed >> 32), block, unit, (uint)step, c3,
            out uint r0, out uint r1, out uint r2, out uint r3);
        BoxMuller(r0, r1, out z0, out z1);
        BoxMuller(r2, r3, out z2, out z3);
    }

    /// <summary>
    /// Two normals from two words: radius sqrt(-2 ln u1) with u1 = ((a >> 8) + 1) 2^-24 in (0, 1]
    /// (finite log; tails cut at 5.77 sigma), angle 2 pi u2 with u2 = (b >> 8) 2^-24 in [0, 1).
    /// z0 = r cos(angle), z1 = r sin(angle).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(uint a, uint b, out float z0, out float z1)
    {
        float r = MathF.Sqrt(MinusTwoLogUnit((a >> 8) + 1u));
        SinCosTurn(b >> 8, out float s, out float c);
        z0 = r * c;
        z1 = r * s;
    }

    /// <summary>-2 ln(k 2^-24) for an integer k in [1, 2^24].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MinusTwoLogUnit(uint k)
    {
        // k = x 2^e with x in [sqrt(1/2), sqrt(2)): exact power-of-two scalings (a SIMD path reads the
        // same x and e from the float's bits).
        float x = (int)k;
        int e = 0;
        if (x >= 65536f) { x *= 1.52587890625e-05f; e += 16; }
        if (x >= 256f) { x *= 0.00390625f; e += 8; }
        if (x >= 16f) { x *= 0.0625f; e += 4; }
        if (x >= 4f) { x *= 0.25f; e += 2; }
        if (x >= 2f) { x *= 0.5f; e += 1; }
        if (x >= Sqrt2) { x *= 0.5f; e += 1; }
        return MinusTwoLogReduced(x, e);
    }

    /// <summary>-2 (ln x + (e - 24) ln 2) for x in [sqrt(1/2), sqrt(2)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float MinusTwoLogReduced(float x, int e)
    {
        float s = (x - 1f) / (x + 1f);
        float s2 = s * s;
        float p = s2 * (L3 + s2 * (L5 + s2 * (L7 + s2 * L9)));
        float q = s + s * p;                       // ln(x) / 2
        return (float)(24 - e) * TwoLn2 - 4f * q;
    }

    /// <summary>sin and cos of 2 pi t 2^-24 for an integer t in [0, 2^24).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosTurn(uint t, out float sin, out float cos)
    {
        // Nearest quarter turn j, remainder f in [-1/8, 1/8) of a turn, both exact.
        uint jj = (t + (1u << 21)) >> 22;
        float f = (float)((int)t - (int)(jj << 22)) * TwoToMinus24;
        uint j = jj & 3u;
        float f2 = f * f;
        float sp = f * (S1 + f2 * (S3 + f2 * (S5 + f2 * (S7 + f2 * S9))));
        float cp = 1f + f2 * (C2 + f2 * (C4 + f2 * (C6 + f2 * (C8 + f2 * C10))));
        float cm = (j & 1u) == 0 ? cp : sp;
        float sm = (j & 1u) == 0 ? sp : cp;
        cos = ((j + 1u) & 2u) != 0 ? -cm : cm;
        sin = (j & 2u) != 0 ? -sm : sm;
    }
}
