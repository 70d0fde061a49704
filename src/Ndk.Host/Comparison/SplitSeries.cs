namespace Ndk.Host.Comparison;

/// <summary>
/// Simulated and predicted values for one split (train or test) at every record time:
/// arrays are [record][point]. Theory variance may be null when it was not solved.
/// </summary>
public sealed record SplitSeries(
    string Split,
    double[] Labels,
    double[][] SimMean, double[][] SimSe, double[][] SimVar,
    double[][] TheoryMean, double[][]? TheoryVar);
