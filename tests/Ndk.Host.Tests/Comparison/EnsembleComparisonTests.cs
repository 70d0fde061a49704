using Ndk.Host.Comparison;

namespace Ndk.Host.Tests.Comparison;

public class EnsembleComparisonTests
{
    // Simulated means drawn around a known "theory" with the stated standard error: the comparison must
    // agree with the true theory and disagree with a biased one.
    static (double[] Times, SplitSeries Train, SplitSeries Test) Synthetic(double bias, double se, int seed)
    {
        var rng = new Random(seed);
        double[] times = [0, 1, 2, 4, 8];
        SplitSeries Make(string split, int n)
        {
            var th = times.Select(t => Enumerable.Range(0, n).Select(i => (i % 2 == 0 ? 1 : -1) * (1 - Math.Exp(-t))).ToArray()).ToArray();
            var sim = th.Select((row, r) => row.Select(v => v + (times[r] > 0 ? se * Gauss(rng) : 0)).ToArray()).ToArray();
            var ses = th.Select((row, r) => row.Select(_ => times[r] > 0 ? se : 0.0).ToArray()).ToArray();
            var theory = th.Select(row => row.Select(v => v * (1 + bias)).ToArray()).ToArray();
            return new SplitSeries(split, Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray(), sim, ses, ses, theory, null);
        }
        return (times, Make("train", 10), Make("test", 40));
    }

    static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void AnExactTheoryAgreesWithZScoresOfUnitSpread()
    {
        var (t, tr, te) = Synthetic(0, 0.01, 1);
        var (rows, s) = EnsembleComparison.Compare(t, tr, te);
        Assert.Equal(5 * 50, rows.Count);
        Assert.True(s.Verdict.Agree, s.Verdict.Line);
        // 200 |z| values of a standard normal: median 0.674 with a standard error of about 0.07.
        Assert.InRange(s.MedianAbsZ, 0.674 - 4 * 0.07, 0.674 + 4 * 0.07);
        Assert.Equal(0, s.TestErrorSim[^1]);
    }

    [Fact]
    public void ABiasedTheoryDisagrees()
    {
        var (t, tr, te) = Synthetic(0.2, 0.01, 2);
        var (_, s) = EnsembleComparison.Compare(t, tr, te);
        Assert.False(s.Verdict.Agree);
        Assert.StartsWith("disagree", s.Verdict.Line);
    }

    [Fact]
    public void ASmallBiasResolvedByTheEnsembleDisagreesOnTheZCriterion()
    {
        // 2% bias is within the 5% systematic allowance, but 0.02 >> SE = 0.001: resolved, so disagree.
        var (t, tr, te) = Synthetic(0.02, 0.001, 3);
        var (_, s) = EnsembleComparison.Compare(t, tr, te);
        Assert.False(s.Verdict.Agree);
        Assert.Contains("median |z|", s.Verdict.Line);
    }

    [Fact]
    public void ZeroStandardErrorWithEqualValuesGivesZeroZ()
    {
        Assert.Equal(0, EnsembleComparison.ZScore(0, 0, 0));
        Assert.True(double.IsNaN(EnsembleComparison.ZScore(1, 0, 0)));
        Assert.Equal(2, EnsembleComparison.ZScore(1.02, 1.0, 0.01), 10);
    }
}
