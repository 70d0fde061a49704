namespace Ndk.Host.Tests.Theory;

/// <summary>Small fixed-seed problems shared by the theory tests.</summary>
internal static class TheoryTestData
{
    /// <summary>count inputs of dimension n0, Gaussian then rescaled to |x|^2 = N0 (MODEL.md sec 1).</summary>
    public static double[][] Inputs(int count, int n0, int seed)
    {
        var rng = new Random(seed);
        var xs = new double[count][];
        for (int i = 0; i < count; i++)
        {
            var x = new double[n0];
            for (int j = 0; j < n0; j++) x[j] = Gaussian(rng);
            double scale = Math.Sqrt(n0 / x.Sum(v => v * v));
            for (int j = 0; j < n0; j++) x[j] *= scale;
            xs[i] = x;
        }
        return xs;
    }

    /// <summary>Labels +1, -1, +1, ...</summary>
    public static double[] Labels(int count) => Enumerable.Range(0, count).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();

    public static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double MaxAbsDiff(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }
}
