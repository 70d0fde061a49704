using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Tests.Noise;

/// <summary>The vectorised fill gives exactly the bits of the scalar Normal4.</summary>
public class GaussianNoiseSimdTests
{
    [Theory]
    [InlineData(0UL, 0u, 0u, 0L, 0u, 4096)]
    [InlineData(0xDEADBEEF_12345678UL, 1u, 77u, 123456L, 1000u, 2052)]
    [InlineData(ulong.MaxValue, 1u, uint.MaxValue, 0x00FF_FFFF_FFFFL, uint.MaxValue - 40, 36)]
    [InlineData(42UL, 0u, 5u, (1L << 32) + 3, 7u, 100)]
    [InlineData(9UL, 1u, 2u, 3L, 0u, 24)]
    [InlineData(9UL, 1u, 2u, 3L, 5u, 11)]
    public void FillIsBitIdenticalToScalar(ulong seed, uint stream, uint unit, long step, uint first, int blocks)
    {
        var simd = new float[4 * blocks];
        GaussianNoiseSimd.Fill(seed, stream, unit, step, first, simd);
        for (int i = 0; i < blocks; i++)
        {
            GaussianNoise.Normal4(seed, stream, unit, step, first + (uint)i, out float z0, out float z1, out float z2, out float z3);
            Assert.Equal(BitConverter.SingleToInt32Bits(z0), BitConverter.SingleToInt32Bits(simd[4 * i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(z1), BitConverter.SingleToInt32Bits(simd[4 * i + 1]));
            Assert.Equal(BitConverter.SingleToInt32Bits(z2), BitConverter.SingleToInt32Bits(simd[4 * i + 2]));
            Assert.Equal(BitConverter.SingleToInt32Bits(z3), BitConverter.SingleToInt32Bits(simd[4 * i + 3]));
        }
    }

    [Fact]
    public void BoxMullerIsBitIdenticalOnEdgeWords()
    {
        if (!GaussianNoiseSimd.IsAccelerated) return;
        // Every quadrant boundary of the angle and the extremes of the radius, eight lanes at a time.
        var words = new List<uint>();
        foreach (uint t in new uint[] { 0, 1, (1u << 21) - 1, 1u << 21, (1u << 21) + 1, (1u << 22) - 1, 1u << 22, (3u << 21) - 1,
                     3u << 21, 3u << 22, (7u << 21) - 1, 7u << 21, (1u << 24) - 1, 5u << 21, 12345678 })
            for (uint low = 0; low < 256; low += 255) words.Add(t << 8 | low);
        var rng = new Random(5);
        while (words.Count % 8 != 0 || words.Count < 64) words.Add((uint)rng.NextInt64(0, 1L << 32));
        for (int i = 0; i < words.Count; i += 8)
        {
            var a = System.Runtime.Intrinsics.Vector256.Create(words.GetRange(i, 8).ToArray());
            var b = System.Runtime.Intrinsics.Vector256.Create(words.GetRange((i + 8) % words.Count, 8).ToArray());
            GaussianNoiseSimd.BoxMuller2(ref GaussianNoiseSimd.BoxMullerConstants.First, a, b, b, a, out var v0, out var v1, out var v2, out var v3);
            for (int l = 0; l < 8; l++)
            {
                GaussianNoise.BoxMuller(a[l], b[l], out float z0, out float z1);
                GaussianNoise.BoxMuller(b[l], a[l], out float z2, out float z3);
                Assert.Equal(BitConverter.SingleToInt32Bits(z0), BitConverter.SingleToInt32Bits(v0[l]));
                Assert.Equal(BitConverter.SingleToInt32Bits(z1), BitConverter.SingleToInt32Bits(v1[l]));
                Assert.Equal(BitConverter.SingleToInt32Bits(z2), BitConverter.SingleToInt32Bits(v2[l]));
                Assert.Equal(BitConverter.SingleToInt32Bits(z3), BitConverter.SingleToInt32Bits(v3[l]));
            }
        }
    }
}
