using Ndk.Gpu.Statistics;

namespace Ndk.Gpu.Tests.Statistics;

public class EnsembleStatisticsTests
{
    static double[] Outputs(int members, int points, int seed)
    {
        var rng = new Random(seed);
        var f = new double[members * points];
        for (int k = 0; k < f.Length; k++) f[k] = rng.NextDouble() * 2 - 1;
        return f;
    }

    [Fact]
    public void MeanVarianceAndPairStandardErrorFollowTheirDefinitions()
    {
        const int members = 6, points = 3, train = 2;
        var f = Outputs(members, points, 1);
        float[] y = [1f, -1f];
        var s = new EnsembleStatistics([0L], train, points, antithetic: true);
        s.Accumulate(0, f, members, y);
        for (int i = 0; i < points; i++)
        {
            var col = Enumerable.Range(0, members).Select(m => f[m * points + i]).ToArray();
            double mean = col.Average();
            double var = col.Sum(v => (v - mean) * (v - mean)) / (members - 1);
            var pairs = Enumerable.Range(0, members / 2).Select(k => 0.5 * (col[2 * k] + col[2 * k + 1])).ToArray();
            double pm = pairs.Average();
            double se = Math.Sqrt(pairs.Sum(v => (v - pm) * (v - pm)) / (pairs.Length - 1) / pairs.Length);
            Assert.Equal(mean, s.Mean(0, i), 12);
            Assert.Equal(var, s.Variance(0, i), 12);
            Assert.Equal(se, s.StandardError(0, i), 12);
        }
        double loss = Enumerable.Range(0, members).Average(m =>
            Enumerable.Range(0, train).Sum(i => Math.Pow(f[m * points + i] - y[i], 2)) / (2.0 * train));
        Assert.Equal(loss, s.MeanLoss(0), 12);
    }

    [Fact]
    public void MergedShardsEqualOneAccumulation()
    {
        const int members = 8, points = 4;
        var f = Outputs(members, points, 2);
        float[] y = [1f];
        var whole = new EnsembleStatistics([0L, 5L], 1, points, antithetic: true);
        whole.Accumulate(1, f, members, y);
        var a = new EnsembleStatistics([0L, 5L], 1, points, antithetic: true);
        var b = new EnsembleStatistics([0L, 5L], 1, points, antithetic: true);
        a.Accumulate(1, f.AsSpan(0, 4 * points), 4, y);
        b.Accumulate(1, f.AsSpan(4 * points), 4, y);
        a.Merge(b);
        for (int i = 0; i < points; i++)
        {
            Assert.Equal(whole.Mean(1, i), a.Mean(1, i), 14);
            Assert.Equal(whole.StandardError(1, i), a.StandardError(1, i), 14);
        }
        Assert.Throws<ArgumentException>(() => a.Merge(new EnsembleStatistics([0L], 1, points, true)));
    }
}
