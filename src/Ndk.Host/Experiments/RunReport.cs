using System.Diagnostics;
using Ndk.Gpu.Statistics;
using Ndk.Host.Comparison;
using Ndk.Host.Data;
using Ndk.Host.Reports;
using Ndk.Host.Theory;

namespace Ndk.Host.Experiments;

/// <summary>Solves the theory at the recorded times, compares it with the simulated statistics, and writes the run directory's reports.</summary>
public static class RunReport
{
    public static void Warn(List<string> warnings, string message)
    {
        warnings.Add(message);
        Console.Error.WriteLine($"warning: {message}");
    }

    public static RunResult Write(ExperimentConfig config, RecordSchedule schedule, Dataset data, TheorySpec spec,
        EnsembleStatistics stats, List<double[]>? members, string dir, string backend, double simSeconds, long steps, int done,
        List<string> warnings, Action<string> say, CancellationToken cancel)
    {
        say("solving the theory...");
        var clock = Stopwatch.StartNew();
        var limits = KernelLimits.Compute(spec, data.TrainX, data.TrainY, data.TestX);
        foreach (var w in limits.Warnings) Warn(warnings, w);
        var times = schedule.Times[..done];
        var theory = NdkTheory.Predict(spec, data.TrainX, data.TrainY, data.TestX, times,
            new TheoryOptions(ComputeVariance: config.Theory.Variance, TMax: times[^1]), cancel);
        foreach (var w in theory.Warnings) Warn(warnings, w);
        double theorySeconds = clock.Elapsed.TotalSeconds;

        var train = SplitSeries.FromStatistics("train", stats, done, 0, data.TrainY, theory.TrainMean, theory.TrainVariance);
        var test = SplitSeries.FromStatistics("test", stats, done, data.TrainX.Length, data.TestY, theory.TestMean, theory.TestVariance);
        var (rows, summary) = EnsembleComparison.Compare(times, train, test);

        var result = new RunResult
        {
            Config = config, Schedule = schedule, Times = times, Data = data, Train = train, Test = test, Rows = rows, Summary = summary, Limits = limits,
            MemberLoss = Enumerable.Range(0, done).Select(stats.MeanLoss).ToArray(),
            NtkTestError = EnsembleComparison.SignError(limits.NtkInterpolantTest, data.TestY),
            EquilibriumTestError = EnsembleComparison.SignError(limits.EquilibriumTest, data.TestY),
            Backend = backend, SimulationSeconds = simSeconds, TheorySeconds = theorySeconds, StepsSimulated = steps,
            TheoryGridSize = theory.GridSize, Warnings = warnings.ToList(), Complete = done == schedule.Steps.Length, RecordsDone = done,
        };
        SeriesCsv.Write(Path.Combine(dir, "series.csv"), rows);
        if (members != null) MemberOutputsFile.Write(Path.Combine(dir, "members.bin"), members, stats.PointCount, config.Ensemble.Size, times);
        var figures = Figures.WriteAll(dir, result);
        SummaryJson.Write(Path.Combine(dir, "summary.json"), result);
        ReportMarkdown.Write(Path.Combine(dir, "report.md"), result, figures);
        return result;
    }
}
