namespace Ndk.Host.Comparison;

/// <summary>Summary of a comparison: error figures, per-time task metrics and the verdict.</summary>
public sealed record ComparisonSummary
{
    public required double MaxAbsZ { get; init; }
    public required double MedianAbsZ { get; init; }
    public required double RelativeRmsError { get; init; }
    public required double SamplingFloor { get; init; }
    public required double SystematicError { get; init; }
    public required Verdict Verdict { get; init; }
    /// <summary>Per record time: (1/2P) sum (mean f - y)^2 on the train points, simulation and theory.</summary>
    public required double[] TrainLossSim { get; init; }
    public required double[] TrainLossTheory { get; init; }
    /// <summary>Per record time: fraction of test points where sign(mean f) differs from the label.</summary>
    public required double[] TestErrorSim { get; init; }
    public required double[] TestErrorTheory { get; init; }
}
