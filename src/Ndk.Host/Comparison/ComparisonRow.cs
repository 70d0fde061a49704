namespace Ndk.Host.Comparison;

/// <summary>One line of series.csv: simulation against theory at one record time and point.</summary>
public sealed record ComparisonRow(
    double T, string Split, int Point,
    double SimMean, double SimSe, double SimVar,
    double TheoryMean, double TheoryVar, double Z);
