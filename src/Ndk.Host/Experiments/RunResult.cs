using Ndk.Host.Comparison;
using Ndk.Host.Data;
using Ndk.Host.Theory;

namespace Ndk.Host.Experiments;

/// <summary>Everything a finished (or interrupted) run produced, for the reports.</summary>
public sealed class RunResult
{
    public required ExperimentConfig Config { get; init; }
    public required RecordSchedule Schedule { get; init; }
    /// <summary>The record times done (all of the schedule unless interrupted).</summary>
    public required double[] Times { get; init; }
    public required Dataset Data { get; init; }
    public required SplitSeries Train { get; init; }
    public required SplitSeries Test { get; init; }
    public required IReadOnlyList<ComparisonRow> Rows { get; init; }
    public required ComparisonSummary Summary { get; init; }
    public required LimitPrediction Limits { get; init; }
    /// <summary>Per record time: the member-averaged training loss (1/2P) sum (f - y)^2.</summary>
    public required double[] MemberLoss { get; init; }
    public required double NtkTestError { get; init; }
    public required double EquilibriumTestError { get; init; }
    public required string Backend { get; init; }
    public required double SimulationSeconds { get; init; }
    public required double TheorySeconds { get; init; }
    public required long StepsSimulated { get; init; }
    public required int TheoryGridSize { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>False for a run stopped early (signal): its records end at <see cref="RecordsDone"/>.</summary>
    public required bool Complete { get; init; }
    public required int RecordsDone { get; init; }
}
