using Ndk.Gpu.Statistics;

namespace Ndk.Host.Comparison;

/// <summary>
/// Simulated and predicted values for one split (train or test) at every record time:
/// arrays are [record][point]. Theory variance may be null when it was not solved.
/// </summary>
public sealed record SplitSeries(
    string Split,
    double[] Labels,
    double[][] SimMean, double[][] SimSe, double[][] SimVar,
    double[][] TheoryMean, double[][]? TheoryVar)
{
    /// <summary>
    /// The simulated side from the ensemble's statistics: the first <paramref name="records"/> record times,
    /// one point a label from <paramref name="offset"/> on (train points first, then probes).
    /// </summary>
    public static SplitSeries FromStatistics(string split, EnsembleStatistics stats, int records, int offset, double[] labels,
        double[][] theoryMean, double[][]? theoryVar)
    {
        int count = labels.Length;
        double[][] Take(Func<int, int, double> f) =>
            Enumerable.Range(0, records).Select(r => Enumerable.Range(0, count).Select(i => f(r, offset + i)).ToArray()).ToArray();
        return new SplitSeries(split, labels, Take(stats.Mean), Take(stats.StandardError), Take(stats.Variance), theoryMean, theoryVar);
    }
}
