using Ndk.Gpu.Cpu;
using Ndk.Gpu.Statistics;
using Ndk.Host.Comparison;
using Ndk.Host.Data;
using Ndk.Host.Experiments;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Experiments;

/// <summary>
/// MODEL.md section 8, item 7, scaled down for CI: relu L = 1, N0 = 10, P = 4 orthogonal inputs with
/// labels +-1, 2 test inputs, sigma0^2 = 1, sigma^2 = 2, T = 0.2, N = 512, 120 networks as 60 antithetic
/// pairs, dt = 0.01, t up to 30. The finite ensemble must agree with the theory within 4 standard errors
/// at every recorded time, and the comparison must tell a wrong theory (sigma^2 doubled) apart.
/// </summary>
public class SimulationAgreesWithTheoryTests
{
    const string Config = """
    {
      "data": { "kind": "orthogonal", "inputDim": 10, "train": 4, "test": 2, "seed": 5, "classes": null },
      "network": { "depth": 1, "width": 512, "activation": "relu" },
      "dynamics": { "temperature": 0.2, "sigma2": 2.0, "sigma02": 1.0, "dt": 0.01, "tMax": 30 },
      "ensemble": { "size": 120, "antithetic": true, "seed": 2026 },
      "record": { "spacing": "log", "from": 0.1, "to": 30, "count": 10, "includeZero": true }
    }
    """;

    sealed record Outcome(ExperimentConfig Config, Dataset Data, RecordSchedule Schedule, EnsembleStatistics Stats);

    static readonly Lazy<Outcome> Simulated = new(() =>
    {
        var c = ConfigReader.Parse(Config, "check7.json");
        var data = DatasetBuilder.Build(c.Data, ".");
        var schedule = RecordSchedule.Build(c.Record, c.Dynamics);
        var setup = ExperimentSetup.Simulation(c, data);
        using var backend = new CpuBackend();
        using var sim = backend.Create(setup);
        var stats = new EnsembleStatistics(schedule.Steps, setup.TrainCount, setup.PointCount, antithetic: true);
        new SimulationDriver(sim, schedule, stats, setup.TrainLabels).Run(0, CancellationToken.None);
        return new Outcome(c, data, schedule, stats);
    });

    static TheoryPrediction Theory(Outcome o, TheorySpec spec) =>
        NdkTheory.Predict(spec, o.Data.TrainX, o.Data.TrainY, o.Data.TestX, o.Schedule.Times, new TheoryOptions(ComputeVariance: true));

    [Fact]
    public void TheEnsembleMeanAgreesWithinFourStandardErrorsAtEveryRecordedTime()
    {
        var o = Simulated.Value;
        var th = Theory(o, ExperimentSetup.Theory(o.Config));
        int p = o.Data.TrainX.Length;
        for (int r = 1; r < o.Schedule.Times.Length; r++)
            for (int i = 0; i < o.Stats.PointCount; i++)
            {
                double theory = i < p ? th.TrainMean[r][i] : th.TestMean[r][i - p];
                double z = (o.Stats.Mean(r, i) - theory) / o.Stats.StandardError(r, i);
                Assert.True(Math.Abs(z) <= 4, $"t = {o.Schedule.Times[r]}, point {i}: sim {o.Stats.Mean(r, i):F4} theory {theory:F4} z = {z:F2}");
            }
    }

    [Fact]
    public void TheEnsembleVarianceStartsAtThePriorAndAgreesWithTheTheory()
    {
        var o = Simulated.Value;
        var th = Theory(o, ExperimentSetup.Theory(o.Config));
        int p = o.Data.TrainX.Length;
        // 60 independent pairs; at t = 0 each pair is (f, -f), so the variance estimate has about 60
        // degrees of freedom: relative SE sqrt(2/60) = 0.18. Later the pairs decorrelate (more freedom).
        for (int i = 0; i < o.Stats.PointCount; i++)
        {
            double v0 = i < p ? th.TrainVariance![0][i] : th.TestVariance![0][i - p];
            Assert.Equal(0.5, v0, 10); // sigma0^2 K^1(0,0,x,x) = 1 * (1/2) for relu at |x|^2 = N0
            Assert.InRange(o.Stats.Variance(0, i), v0 * (1 - 4 * 0.18), v0 * (1 + 4 * 0.18));
            int last = o.Schedule.Times.Length - 1;
            double vEnd = i < p ? th.TrainVariance![last][i] : th.TestVariance![last][i - p];
            Assert.InRange(o.Stats.Variance(last, i), vEnd * (1 - 4 * 0.18), vEnd * (1 + 4 * 0.18));
        }
    }

    [Fact]
    public void TheComparisonAgreesWithTheRightTheoryAndDisagreesWithSigma2Doubled()
    {
        var o = Simulated.Value;
        var spec = ExperimentSetup.Theory(o.Config);
        Assert.True(Compare(o, Theory(o, spec)).Verdict.Agree);
        var wrong = Compare(o, Theory(o, spec with { Sigma2 = 2 * spec.Sigma2 }));
        Assert.False(wrong.Verdict.Agree, wrong.Verdict.Line);
        Assert.StartsWith("disagree", wrong.Verdict.Line);
    }

    static ComparisonSummary Compare(Outcome o, TheoryPrediction th)
    {
        int n = o.Schedule.Times.Length, p = o.Data.TrainX.Length;
        return EnsembleComparison.Compare(o.Schedule.Times,
            SplitSeries.FromStatistics("train", o.Stats, n, 0, o.Data.TrainY, th.TrainMean, null),
            SplitSeries.FromStatistics("test", o.Stats, n, p, o.Data.TestY, th.TestMean, null)).Summary;
    }
}
