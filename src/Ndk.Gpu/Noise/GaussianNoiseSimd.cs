using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using C = Ndk.Gpu.Noise.GaussianNoiseSimd.BoxMullerConstants;

namespace Ndk.Gpu.Noise;

/// <summary>
/// Fills spans with the normals of <see cref="GaussianNoise.Normal4"/> for consecutive parameter blocks,
/// eight blocks (32 normals) at a time with AVX2, bit-identical to the scalar code (same operations in
/// the same order, no FMA). Falls back to the scalar Normal4 where AVX2 is missing and for the tail.
/// </summary>
public static class GaussianNoiseSimd
{
    /// <summary>Whether the vectorised path is used on this machine.</summary>
    public static bool IsAccelerated => Avx2.IsSupported;

    /// <summary>
    /// dest[4 i + j] = normal j of block firstBlock + i, for i &lt; dest.Length / 4 (dest.Length must be
    /// a multiple of 4).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(ulong seed, uint stream, uint unit, long step, uint firstBlock, Span<float> dest)
    {
        if ((dest.Length & 3) != 0) throw new ArgumentException("length must be a multiple of 4", nameof(dest));
        int blocks = dest.Length >> 2;
        int i = 0;
        if (Avx2.IsSupported && blocks >= 8)
        {
            var keys = new KeySchedule(seed, stream, unit, step);
            ref float d = ref MemoryMarshal.GetReference(dest);
            // Two phases per chunk of up to 128 blocks, each a short loop the JIT keeps in registers:
            // Philox words for two interleaved groups of eight blocks, then Box-Muller and transpose.
            Span<Vector256<uint>> words = stackalloc Vector256<uint>[4 * ChunkGroups];
            ref Vector256<float> bm = ref BoxMullerConstants.First;
            for (; i + 16 <= blocks; )
            {
                int groups = Math.Min(ChunkGroups, (blocks - i) / 8) & ~1;
                for (int gi = 0; gi < groups; gi += 2)
                    Philox16(ref keys, firstBlock + (uint)(i + 8 * gi), words.Slice(4 * gi, 8));
                for (int gi = 0; gi < groups; gi++)
                    Finish(ref bm, words[4 * gi], words[4 * gi + 1], words[4 * gi + 2], words[4 * gi + 3], ref Unsafe.Add(ref d, 4 * (i + 8 * gi)));
                i += 8 * groups;
            }
            for (; i + 8 <= blocks; i += 8)
                Fill8(ref keys, firstBlock + (uint)i, ref Unsafe.Add(ref d, 4 * i));
        }
        for (; i < blocks; i++)
        {
            GaussianNoise.Normal4(seed, stream, unit, step, firstBlock + (uint)i,
                out dest[4 * i], out dest[4 * i + 1], out dest[4 * i + 2], out dest[4 * i + 3]);
        }
    }

    /// <summary>
    /// The per-(seed, stream, unit, step) part of Philox: the round keys as vectors, and the first two
    /// rounds' lane-uniform words (only c0 = block differs between lanes, so round 1's c2 product and
    /// round 2's c0 product are the same scalar in every lane).
    /// </summary>
    internal struct KeySchedule
    {
        public InlineArray10 K0, K1;
        public Vector256<uint> N0First;   // round 1: n0 = hi(M1 c2) ^ c1 ^ k0 (uniform)
        public Vector256<uint> Lo1First;  // round 1: new c1 = lo(M1 c2) (uniform)
        public Vector256<uint> C3;        // initial c3 (uniform)
        public uint N0Uniform, Lo1Uniform;

        public KeySchedule(ulong seed, uint stream, uint unit, long step)
        {
            uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
            for (int r = 0; r < 10; r++) { K0[r] = Vector256.Create(k0); K1[r] = Vector256.Create(k1); k0 += 0x9E3779B9u; k1 += 0xBB67AE85u; }
            uint c3 = (stream << 24) | (uint)((ulong)step >> 32 & 0xFFFFFFu);
            ulong prod = (ulong)0xCD9E8D57u * (uint)step;
            N0Uniform = (uint)(prod >> 32) ^ unit ^ (uint)seed;
            Lo1Uniform = (uint)prod;
            N0First = Vector256.Create(N0Uniform);
            Lo1First = Vector256.Create(Lo1Uniform);
            C3 = Vector256.Create(c3);
        }
    }

    [InlineArray(10)]
    internal struct InlineArray10 { Vector256<uint> _e; }

    /// <summary>32 normals of blocks b..b+7 into d[0..32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Fill8(ref KeySchedule ks, uint block, ref float d)
    {
        Philox8(ref ks, block, out var c0, out var c1, out var c2, out var c3);
        for (int r = 2; r < 10; r++)
        {
            MulHiLo(c0, 0xD2511F53u, out var hi0, out var lo0);
            MulHiLo(c2, 0xCD9E8D57u, out var hi1, out var lo1);
            c0 = hi1 ^ c1 ^ ks.K0[r]; c2 = hi0 ^ c3 ^ ks.K1[r]; c1 = lo1; c3 = lo0;
        }
        Finish(ref BoxMullerConstants.First, c0, c1, c2, c3, ref d);
    }

    const int ChunkGroups = 16;

    /// <summary>
    /// Philox words of blocks b..b+15 into w[0..8) (c0..c3 of the first eight, then of the second):
    /// two independent streams interleaved, so that the rounds' multiply latency is hidden.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Philox16(ref KeySchedule ks, uint block, Span<Vector256<uint>> w)
    {
        Philox8(ref ks, block, out var a0, out var a1, out var a2, out var a3);
        Philox8(ref ks, block + 8, out var b0, out var b1, out var b2, out var b3);
        for (int r = 2; r < 10; r++)
        {
            MulHiLo(a0, 0xD2511F53u, out var ha0, out var la0);
            MulHiLo(a2, 0xCD9E8D57u, out var ha1, out var la1);
            MulHiLo(b0, 0xD2511F53u, out var hb0, out var lb0);
            MulHiLo(b2, 0xCD9E8D57u, out var hb1, out var lb1);
            var k0 = ks.K0[r]; var k1 = ks.K1[r];
            a0 = ha1 ^ a1 ^ k0; a2 = ha0 ^ a3 ^ k1; a1 = la1; a3 = la0;
            b0 = hb1 ^ b1 ^ k0; b2 = hb0 ^ b3 ^ k1; b1 = lb1; b3 = lb0;
        }
        w[0] = a0; w[1] = a1; w[2] = a2; w[3] = a3;
        w[4] = b0; w[5] = b1; w[6] = b2; w[7] = b3;
    }

    /// <summary>The first two Philox rounds of blocks b..b+7 (lane-uniform parts precomputed in <paramref name="ks"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Philox8(ref KeySchedule ks, uint block, out Vector256<uint> c0, out Vector256<uint> c1, out Vector256<uint> c2, out Vector256<uint> c3)
    {
        c0 = Vector256.Create(block) + Vector256.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u);
        // Round 1: c1, c2, c3 uniform. new c0 = n0 (uniform), c1 = lo1 (uniform), c2 = hi0 ^ c3 ^ k1, c3 = lo0.
        MulHiLo(c0, 0xD2511F53u, out var hi0, out var lo0);
        c2 = hi0 ^ ks.C3 ^ ks.K1[0];
        c3 = lo0;
        // Round 2: c0 and c1 uniform, so M0 c0 is one scalar product.
        ulong p0 = (ulong)0xD2511F53u * ks.N0Uniform;
        MulHiLo(c2, 0xCD9E8D57u, out var hi1, out var lo1);
        c0 = hi1 ^ ks.Lo1First ^ ks.K0[1];
        c2 = Vector256.Create((uint)(p0 >> 32)) ^ c3 ^ ks.K1[1];
        c1 = lo1;
        c3 = Vector256.Create((uint)p0);
    }

    /// <summary>Box-Muller of the four words and the 4 x 8 -> 8 x 4 transpose into d[0..32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Finish(ref Vector256<float> k, Vector256<uint> c0, Vector256<uint> c1, Vector256<uint> c2, Vector256<uint> c3, ref float d)
    {
        BoxMuller2(ref k, c0, c1, c2, c3, out var z0, out var z1, out var z2, out var z3);
        var t0 = Avx.UnpackLow(z0, z1);   // z0_0 z1_0 z0_1 z1_1 | z0_4 z1_4 z0_5 z1_5
        var t1 = Avx.UnpackHigh(z0, z1);  // z0_2 z1_2 z0_3 z1_3 | z0_6 ...
        var t2 = Avx.UnpackLow(z2, z3);
        var t3 = Avx.UnpackHigh(z2, z3);
        var u0 = Avx.Shuffle(t0, t2, 0x44); // lane0 | lane4
        var u1 = Avx.Shuffle(t0, t2, 0xEE); // lane1 | lane5
        var u2 = Avx.Shuffle(t1, t3, 0x44); // lane2 | lane6
        var u3 = Avx.Shuffle(t1, t3, 0xEE); // lane3 | lane7
        Avx.Permute2x128(u0, u1, 0x20).StoreUnsafe(ref d);
        Avx.Permute2x128(u2, u3, 0x20).StoreUnsafe(ref d, 8);
        Avx.Permute2x128(u0, u1, 0x31).StoreUnsafe(ref d, 16);
        Avx.Permute2x128(u2, u3, 0x31).StoreUnsafe(ref d, 24);
    }

    /// <summary>Full 32 x 32 -> 64 products, high and low words, lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void MulHiLo(Vector256<uint> a, uint m, out Vector256<uint> hi, out Vector256<uint> lo)
    {
        Vector256<uint> mv = Vector256.Create(m);
        Vector256<ulong> pe = Avx2.Multiply(a, mv);
        Vector256<ulong> po = Avx2.Multiply(Avx2.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), mv);
        hi = Avx2.Blend(Avx2.ShiftRightLogical(pe, 32).AsUInt32(), po.AsUInt32(), 0b10101010);
        lo = Avx2.MultiplyLow(a, mv);   // vpmulld: one op instead of shift + blend (2% faster here)
    }

    /// <summary>
    /// The constants of <see cref="BoxMuller2"/>, as vectors in an array: read through a reference into it
    /// they become memory operands of the instructions. As Vector256.Create values or readonly fields the
    /// JIT kept them in registers and spilled a third of them to the stack on every call (7% slower).
    /// </summary>
    internal static class BoxMullerConstants
    {
        public const int OneI = 0, Exponent127 = 1, Mantissa = 2, OneBits = 3, Int24 = 4, QuarterRound = 5, SignMask = 6,
            Sqrt2 = 7, Half = 8, One = 9, Four = 10, TwoLn2 = 11, L3 = 12, L5 = 13, L7 = 14, L9 = 15, TwoToMinus24 = 16,
            S1 = 17, S3 = 18, S5 = 19, S7 = 20, S9 = 21, C2 = 22, C4 = 23, C6 = 24, C8 = 25, C10 = 26;

        public static readonly Vector256<float>[] Table = Build();

        static Vector256<float>[] Build()
        {
            var t = new Vector256<float>[C10 + 1];
            t[OneI] = Int(1); t[Exponent127] = Int(127); t[Mantissa] = Int(0x007FFFFF); t[OneBits] = Int(0x3F800000);
            t[Int24] = Int(24); t[QuarterRound] = Int(1 << 21); t[SignMask] = Int(unchecked((int)0x80000000));
            t[Sqrt2] = F(GaussianNoise.Sqrt2); t[Half] = F(0.5f); t[One] = F(1f); t[Four] = F(4f); t[TwoLn2] = F(GaussianNoise.TwoLn2);
            t[L3] = F(GaussianNoise.L3); t[L5] = F(GaussianNoise.L5); t[L7] = F(GaussianNoise.L7); t[L9] = F(GaussianNoise.L9);
            t[TwoToMinus24] = F(GaussianNoise.TwoToMinus24);
            t[S1] = F(GaussianNoise.S1); t[S3] = F(GaussianNoise.S3); t[S5] = F(GaussianNoise.S5); t[S7] = F(GaussianNoise.S7); t[S9] = F(GaussianNoise.S9);
            t[C2] = F(GaussianNoise.C2); t[C4] = F(GaussianNoise.C4); t[C6] = F(GaussianNoise.C6); t[C8] = F(GaussianNoise.C8); t[C10] = F(GaussianNoise.C10);
            return t;
        }

        static Vector256<float> F(float v) => Vector256.Create(v);
        static Vector256<float> Int(int bits) => Vector256.Create(bits).AsSingle();

        public static ref Vector256<float> First => ref MemoryMarshal.GetArrayDataReference(Table);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> F(ref Vector256<float> k, int i) => Unsafe.Add(ref k, i);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> I(ref Vector256<float> k, int i) => Unsafe.Add(ref k, i).AsInt32();

    /// <summary>
    /// Lane-wise <see cref="GaussianNoise.BoxMuller"/> of two word pairs, (a, b) -> (z0, z1) and
    /// (a2, b2) -> (z2, z3): the same operations in the same order as the scalar code. The two are written
    /// in lockstep, each step for A then B: the transform is one long dependency chain (divide, series,
    /// sqrt), and two chains at the same depth keep the out-of-order window busy (7% faster than one after
    /// the other).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void BoxMuller2(ref Vector256<float> k, Vector256<uint> a, Vector256<uint> b, Vector256<uint> a2, Vector256<uint> b2,
        out Vector256<float> z0, out Vector256<float> z1, out Vector256<float> z2, out Vector256<float> z3)
    {
        // Radius: k = (a >> 8) + 1 in [1, 2^24]; x, e from the bits of (float)k, then into [sqrt(1/2), sqrt 2).
        var bitsA = Avx.ConvertToVector256Single(Avx2.Add(Avx2.ShiftRightLogical(a, 8).AsInt32(), I(ref k, C.OneI))).AsInt32();
        var bitsB = Avx.ConvertToVector256Single(Avx2.Add(Avx2.ShiftRightLogical(a2, 8).AsInt32(), I(ref k, C.OneI))).AsInt32();
        var eA = Avx2.Subtract(Avx2.ShiftRightLogical(bitsA, 23), I(ref k, C.Exponent127));
        var eB = Avx2.Subtract(Avx2.ShiftRightLogical(bitsB, 23), I(ref k, C.Exponent127));
        var xA = Avx2.Or(Avx2.And(bitsA, I(ref k, C.Mantissa)), I(ref k, C.OneBits)).AsSingle();
        var xB = Avx2.Or(Avx2.And(bitsB, I(ref k, C.Mantissa)), I(ref k, C.OneBits)).AsSingle();
        var bigA = Avx.Compare(xA, F(ref k, C.Sqrt2), FloatComparisonMode.OrderedGreaterThanOrEqualNonSignaling);
        var bigB = Avx.Compare(xB, F(ref k, C.Sqrt2), FloatComparisonMode.OrderedGreaterThanOrEqualNonSignaling);
        xA = Avx.BlendVariable(xA, Avx.Multiply(xA, F(ref k, C.Half)), bigA);
        xB = Avx.BlendVariable(xB, Avx.Multiply(xB, F(ref k, C.Half)), bigB);
        eA = Avx2.Subtract(eA, bigA.AsInt32());   // mask is -1 where set
        eB = Avx2.Subtract(eB, bigB.AsInt32());
        var sA = Avx.Divide(Avx.Subtract(xA, F(ref k, C.One)), Avx.Add(xA, F(ref k, C.One)));
        var sB = Avx.Divide(Avx.Subtract(xB, F(ref k, C.One)), Avx.Add(xB, F(ref k, C.One)));
        var s2A = Avx.Multiply(sA, sA);
        var s2B = Avx.Multiply(sB, sB);
        var pA = Avx.Add(F(ref k, C.L7), Avx.Multiply(s2A, F(ref k, C.L9)));
        var pB = Avx.Add(F(ref k, C.L7), Avx.Multiply(s2B, F(ref k, C.L9)));
        pA = Avx.Add(F(ref k, C.L5), Avx.Multiply(s2A, pA));
        pB = Avx.Add(F(ref k, C.L5), Avx.Multiply(s2B, pB));
        pA = Avx.Multiply(s2A, Avx.Add(F(ref k, C.L3), Avx.Multiply(s2A, pA)));
        pB = Avx.Multiply(s2B, Avx.Add(F(ref k, C.L3), Avx.Multiply(s2B, pB)));
        var qA = Avx.Add(sA, Avx.Multiply(sA, pA));   // ln(x) / 2
        var qB = Avx.Add(sB, Avx.Multiply(sB, pB));
        var rA = Avx.Sqrt(Avx.Subtract(Avx.Multiply(Avx.ConvertToVector256Single(Avx2.Subtract(I(ref k, C.Int24), eA)), F(ref k, C.TwoLn2)), Avx.Multiply(F(ref k, C.Four), qA)));
        var rB = Avx.Sqrt(Avx.Subtract(Avx.Multiply(Avx.ConvertToVector256Single(Avx2.Subtract(I(ref k, C.Int24), eB)), F(ref k, C.TwoLn2)), Avx.Multiply(F(ref k, C.Four), qB)));

        // Angle: nearest quarter turn j, remainder f in [-1/8, 1/8) of a turn.
        var tA = Avx2.ShiftRightLogical(b, 8).AsInt32();
        var tB = Avx2.ShiftRightLogical(b2, 8).AsInt32();
        var jA = Avx2.ShiftRightLogical(Avx2.Add(tA, I(ref k, C.QuarterRound)), 22);
        var jB = Avx2.ShiftRightLogical(Avx2.Add(tB, I(ref k, C.QuarterRound)), 22);
        var fA = Avx.Multiply(Avx.ConvertToVector256Single(Avx2.Subtract(tA, Avx2.ShiftLeftLogical(jA, 22))), F(ref k, C.TwoToMinus24));
        var fB = Avx.Multiply(Avx.ConvertToVector256Single(Avx2.Subtract(tB, Avx2.ShiftLeftLogical(jB, 22))), F(ref k, C.TwoToMinus24));
        var f2A = Avx.Multiply(fA, fA);
        var f2B = Avx.Multiply(fB, fB);
        var spA = Avx.Add(F(ref k, C.S7), Avx.Multiply(f2A, F(ref k, C.S9)));
        var spB = Avx.Add(F(ref k, C.S7), Avx.Multiply(f2B, F(ref k, C.S9)));
        var cpA = Avx.Add(F(ref k, C.C8), Avx.Multiply(f2A, F(ref k, C.C10)));
        var cpB = Avx.Add(F(ref k, C.C8), Avx.Multiply(f2B, F(ref k, C.C10)));
        spA = Avx.Add(F(ref k, C.S5), Avx.Multiply(f2A, spA));
        spB = Avx.Add(F(ref k, C.S5), Avx.Multiply(f2B, spB));
        cpA = Avx.Add(F(ref k, C.C6), Avx.Multiply(f2A, cpA));
        cpB = Avx.Add(F(ref k, C.C6), Avx.Multiply(f2B, cpB));
        spA = Avx.Add(F(ref k, C.S3), Avx.Multiply(f2A, spA));
        spB = Avx.Add(F(ref k, C.S3), Avx.Multiply(f2B, spB));
        cpA = Avx.Add(F(ref k, C.C4), Avx.Multiply(f2A, cpA));
        cpB = Avx.Add(F(ref k, C.C4), Avx.Multiply(f2B, cpB));
        spA = Avx.Multiply(fA, Avx.Add(F(ref k, C.S1), Avx.Multiply(f2A, spA)));
        spB = Avx.Multiply(fB, Avx.Add(F(ref k, C.S1), Avx.Multiply(f2B, spB)));
        cpA = Avx.Add(F(ref k, C.C2), Avx.Multiply(f2A, cpA));
        cpB = Avx.Add(F(ref k, C.C2), Avx.Multiply(f2B, cpB));
        cpA = Avx.Add(F(ref k, C.One), Avx.Multiply(f2A, cpA));
        cpB = Avx.Add(F(ref k, C.One), Avx.Multiply(f2B, cpB));
        // Swap sin and cos in odd quadrants, sign flips straight from the quadrant's bits (blendv reads the sign bit).
        var sign = I(ref k, C.SignMask);
        var oddA = Avx2.ShiftLeftLogical(jA, 31).AsSingle();
        var oddB = Avx2.ShiftLeftLogical(jB, 31).AsSingle();
        z0 = Avx.Multiply(rA, Avx.Xor(Avx.BlendVariable(cpA, spA, oddA), Avx2.And(Avx2.ShiftLeftLogical(Avx2.Add(jA, I(ref k, C.OneI)), 30), sign).AsSingle()));
        z1 = Avx.Multiply(rA, Avx.Xor(Avx.BlendVariable(spA, cpA, oddA), Avx2.And(Avx2.ShiftLeftLogical(jA, 30), sign).AsSingle()));
        z2 = Avx.Multiply(rB, Avx.Xor(Avx.BlendVariable(cpB, spB, oddB), Avx2.And(Avx2.ShiftLeftLogical(Avx2.Add(jB, I(ref k, C.OneI)), 30), sign).AsSingle()));
        z3 = Avx.Multiply(rB, Avx.Xor(Avx.BlendVariable(spB, cpB, oddB), Avx2.And(Avx2.ShiftLeftLogical(jB, 30), sign).AsSingle()));
    }
}
