using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    public static void Fill(ulong seed, uint stream, uint unit, long step, uint firstBlock, Span<float> dest)
    {
        if ((dest.Length & 3) != 0) throw new ArgumentException("length must be a multiple of 4", nameof(dest));
        int blocks = dest.Length >> 2;
        int i = 0;
        if (Avx2.IsSupported)
        {
            ref float d = ref MemoryMarshal.GetReference(dest);
            for (; i + 8 <= blocks; i += 8)
                Fill8(seed, stream, unit, step, firstBlock + (uint)i, ref Unsafe.Add(ref d, 4 * i));
        }
        for (; i < blocks; i++)
        {
            GaussianNoise.Normal4(seed, stream, unit, step, firstBlock + (uint)i,
                out dest[4 * i], out dest[4 * i + 1], out dest[4 * i + 2], out dest[4 * i + 3]);
        }
    }

    /// <summary>32 normals of blocks b..b+7 into d[0..32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Fill8(ulong seed, uint stream, uint unit, long step, uint block, ref float d)
    {
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        uint c3s = (stream << 24) | (uint)((ulong)step >> 32 & 0xFFFFFFu);
        Vector256<uint> c0 = Vector256.Create(block) + Vector256.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u);
        Vector256<uint> c1 = Vector256.Create(unit);
        Vector256<uint> c2 = Vector256.Create((uint)step);
        Vector256<uint> c3 = Vector256.Create(c3s);
        for (int r = 0; r < 10; r++)
        {
            MulHiLo(c0, 0xD2511F53u, out var hi0, out var lo0);
            MulHiLo(c2, 0xCD9E8D57u, out var hi1, out var lo1);
            Vector256<uint> n0 = hi1 ^ c1 ^ Vector256.Create(k0);
            Vector256<uint> n2 = hi0 ^ c3 ^ Vector256.Create(k1);
            c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
            k0 += 0x9E3779B9u; k1 += 0xBB67AE85u;
        }
        BoxMuller(c0, c1, out var z0, out var z1);
        BoxMuller(c2, c3, out var z2, out var z3);

        // Transpose 4 x 8 (normal j of lane l) into 8 x 4 (block-major).
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
        lo = Avx2.Blend(pe.AsUInt32(), Avx2.ShiftLeftLogical(po, 32).AsUInt32(), 0b10101010);
    }

    /// <summary>Lane-wise <see cref="GaussianNoise.BoxMuller"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void BoxMuller(Vector256<uint> a, Vector256<uint> b, out Vector256<float> z0, out Vector256<float> z1)
    {
        // Radius: k = (a >> 8) + 1 in [1, 2^24]; x, e from the bits of (float)k, then into [sqrt(1/2), sqrt 2).
        Vector256<int> k = (Vector256.ShiftRightLogical(a, 8) + Vector256<uint>.One).AsInt32();
        Vector256<int> bits = Vector256.ConvertToSingle(k).AsInt32();
        Vector256<int> e = Vector256.ShiftRightLogical(bits, 23) - Vector256.Create(127);
        Vector256<float> x = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();
        Vector256<float> big = Vector256.GreaterThanOrEqual(x, Vector256.Create(GaussianNoise.Sqrt2));
        x = Vector256.ConditionalSelect(big, x * Vector256.Create(0.5f), x);
        e -= big.AsInt32();   // mask is -1 where set
        Vector256<float> one = Vector256<float>.One;
        Vector256<float> s = (x - one) / (x + one);
        Vector256<float> s2 = s * s;
        Vector256<float> p = s2 * (Vector256.Create(GaussianNoise.L3) + s2 * (Vector256.Create(GaussianNoise.L5)
            + s2 * (Vector256.Create(GaussianNoise.L7) + s2 * Vector256.Create(GaussianNoise.L9))));
        Vector256<float> q = s + s * p;
        Vector256<float> m2l = Vector256.ConvertToSingle(Vector256.Create(24) - e) * Vector256.Create(GaussianNoise.TwoLn2)
            - Vector256.Create(4f) * q;
        Vector256<float> r = Vector256.Sqrt(m2l);

        // Angle.
        Vector256<uint> t = Vector256.ShiftRightLogical(b, 8);
        Vector256<uint> jj = Vector256.ShiftRightLogical(t + Vector256.Create(1u << 21), 22);
        Vector256<float> f = Vector256.ConvertToSingle(t.AsInt32() - Vector256.ShiftLeft(jj, 22).AsInt32())
            * Vector256.Create(GaussianNoise.TwoToMinus24);
        Vector256<float> f2 = f * f;
        Vector256<float> sp = f * (Vector256.Create(GaussianNoise.S1) + f2 * (Vector256.Create(GaussianNoise.S3)
            + f2 * (Vector256.Create(GaussianNoise.S5) + f2 * (Vector256.Create(GaussianNoise.S7) + f2 * Vector256.Create(GaussianNoise.S9)))));
        Vector256<float> cp = one + f2 * (Vector256.Create(GaussianNoise.C2) + f2 * (Vector256.Create(GaussianNoise.C4)
            + f2 * (Vector256.Create(GaussianNoise.C6) + f2 * (Vector256.Create(GaussianNoise.C8) + f2 * Vector256.Create(GaussianNoise.C10)))));
        Vector256<float> odd = Vector256.Equals(jj & Vector256<uint>.One, Vector256<uint>.One).AsSingle();
        Vector256<float> cm = Vector256.ConditionalSelect(odd, sp, cp);
        Vector256<float> sm = Vector256.ConditionalSelect(odd, cp, sp);
        Vector256<uint> two = Vector256.Create(2u);
        Vector256<uint> signMask = Vector256.Create(0x80000000u);
        Vector256<uint> cosFlip = Vector256.Equals((jj + Vector256<uint>.One) & two, two) & signMask;
        Vector256<uint> sinFlip = Vector256.Equals(jj & two, two) & signMask;
        Vector256<float> cos = (cm.AsUInt32() ^ cosFlip).AsSingle();
        Vector256<float> sin = (sm.AsUInt32() ^ sinFlip).AsSingle();
        z0 = r * cos;
        z1 = r * sin;
    }
}
