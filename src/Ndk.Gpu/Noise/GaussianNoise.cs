using System.Runtime.CompilerServices;

namespace Ndk.Gpu.Noise;

/// <summary>
/// Standard normal draws as a pure function of (seed, stream, unit, step, parameter block), the same
/// code in every backend. Philox4x32-10 is keyed by the 64-bit seed and counted by
/// c0 = parameter block (parameters 4b..4b+3 of one member's layout, see <see cref="EnsembleState"/>),
/// c1 = noise unit (the member index, or the pair index k for antithetic members 2k, 2k+1),
/// c2 = low 32 bits of the step, c3 = stream in the top byte and bits 32..55 of the step.
/// Box-Muller turns the four 32-bit words into four normals.
/// </summary>
public static class GaussianNoise
{
    /// <summary>The draws of the initial weights (step 0).</summary>
    public const uint InitStream = 0;
    /// <summary>The Langevin noise xi of each step.</summary>
    public const uint LangevinStream = 1;

    const float TwoPi = 6.28318530717958647692f;
    const float InvTwoTo24 = 1.0f / 16777216.0f;

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

    /// <summary>Two normals from two words; u1 in (0, 1] so the log is finite (tails cut at 5.77 sigma).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(uint a, uint b, out float z0, out float z1)
    {
        float u1 = ((a >> 8) + 1) * InvTwoTo24;
        float u2 = (b >> 8) * InvTwoTo24;
        float r = MathF.Sqrt(-2.0f * MathF.Log(u1));
        float angle = TwoPi * u2;
        z0 = r * MathF.Cos(angle);
        z1 = r * MathF.Sin(angle);
    }
}
