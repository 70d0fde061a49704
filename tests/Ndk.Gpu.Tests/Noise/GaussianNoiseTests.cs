using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Tests.Noise;

/// <summary>Normal4: moments of ~1e6 draws within standard errors, and the accuracy of its own log and sin/cos.</summary>
public class GaussianNoiseTests
{
    [Fact]
    public void MomentsMatchAStandardNormal()
    {
        const int blocks = 262144; // 1,048,576 draws
        double s1 = 0, s2 = 0, s4 = 0;
        for (uint b = 0; b < blocks; b++)
        {
            GaussianNoise.Normal4(0x1234_5678_9ABCUL, GaussianNoise.LangevinStream, b % 97, b / 97, b, out float z0, out float z1, out float z2, out float z3);
            foreach (double z in (ReadOnlySpan<double>)[z0, z1, z2, z3]) { double q = z * z; s1 += z; s2 += q; s4 += q * q; }
        }
        double n = 4.0 * blocks;
        // Standard errors of the sample moments of N(0,1): sqrt(1/n), sqrt(2/n) (Var z^2 = 2), sqrt(96/n) (Var z^4 = 105 - 9).
        Assert.InRange(s1 / n, -4.5 * Math.Sqrt(1 / n), 4.5 * Math.Sqrt(1 / n));
        Assert.InRange(s2 / n, 1 - 4.5 * Math.Sqrt(2 / n), 1 + 4.5 * Math.Sqrt(2 / n));
        Assert.InRange(s4 / n, 3 - 4.5 * Math.Sqrt(96 / n), 3 + 4.5 * Math.Sqrt(96 / n));
    }

    [Fact]
    public void StreamsUnitsAndStepsAreDecorrelated()
    {
        // Correlation of the same parameter's draw across neighbouring counters: |r| within 4.5/sqrt(n).
        const int n = 200000;
        double sxy = 0, sxz = 0, sxw = 0;
        for (uint b = 0; b < n; b++)
        {
            GaussianNoise.Normal4(7, 1, 3, 10, b, out float x, out _, out _, out _);
            GaussianNoise.Normal4(7, 1, 3, 11, b, out float y, out _, out _, out _);
            GaussianNoise.Normal4(7, 1, 4, 10, b, out float z, out _, out _, out _);
            GaussianNoise.Normal4(7, 0, 3, 10, b, out float w, out _, out _, out _);
            sxy += x * y; sxz += x * z; sxw += x * w;
        }
        double lim = 4.5 / Math.Sqrt(n);
        Assert.InRange(sxy / n, -lim, lim);
        Assert.InRange(sxz / n, -lim, lim);
        Assert.InRange(sxw / n, -lim, lim);
    }

    [Fact]
    public void OwnLogarithmIsAccurate()
    {
        double maxRel = 0;
        for (uint k = 1; k <= 1u << 24; k += k < 4096 ? 1u : 997u)
        {
            double exact = -2 * Math.Log(k / 16777216.0);
            double got = GaussianNoise.MinusTwoLogUnit(k);
            maxRel = Math.Max(maxRel, Math.Abs(got - exact) / Math.Max(exact, 1e-3));
        }
        Assert.Equal(0f, GaussianNoise.MinusTwoLogUnit(1u << 24));
        Assert.True(maxRel < 5e-7, $"max relative error of -2 ln u: {maxRel:E2}");
    }

    [Fact]
    public void OwnSineAndCosineAreAccurate()
    {
        double maxErr = 0;
        for (uint t = 0; t < 1u << 24; t += 331)
        {
            GaussianNoise.SinCosTurn(t, out float s, out float c);
            double angle = 2 * Math.PI * t / 16777216.0;
            maxErr = Math.Max(maxErr, Math.Max(Math.Abs(s - Math.Sin(angle)), Math.Abs(c - Math.Cos(angle))));
        }
        foreach (uint t in new uint[] { 0, (1u << 21) - 1, 1u << 21, 1u << 22, 3u << 22, (1u << 24) - 1 })
        {
            GaussianNoise.SinCosTurn(t, out float s, out float c);
            double angle = 2 * Math.PI * t / 16777216.0;
            maxErr = Math.Max(maxErr, Math.Max(Math.Abs(s - Math.Sin(angle)), Math.Abs(c - Math.Cos(angle))));
        }
        Assert.True(maxErr < 3e-7, $"max abs error of sin/cos: {maxErr:E2}");
    }
}
