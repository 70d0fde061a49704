using Ndk.Gpu;
using Ndk.Gpu.Cpu;
using Ndk.Host.Data;
using Ndk.Host.Drift;
using Ndk.Host.Experiments;
using Ndk.Host.Theory;
using Xunit.Abstractions;

namespace Ndk.Host.Tests.Drift;

/// <summary>
/// Simulated drift against the theory (MODEL.md section 7), on small synthetic problems: width 512, 16
/// antithetic pairs, a few thousand steps at most. Standard errors come from the 16 pair means, so a
/// |z| &lt;= 4.5 bound on a t-statistic with 15 degrees of freedom fails by chance with probability ~4e-4 per row.
/// </summary>
public class DriftSimulationTests(ITestOutputHelper output)
{
    const double Z = 4.5;

    static ExperimentConfig Config(string activation, int depth, string dynamics, string drift, string record = "\"spacing\": \"list\", \"times\": [0]") =>
        ConfigReader.Parse($$"""
        { "name": "t", "data": { "kind": "gaussian", "inputDim": 10, "train": 6, "test": 4, "seed": 3 },
          "network": { "depth": {{depth}}, "width": 512, "activation": "{{activation}}" },
          "dynamics": { {{dynamics}} }, "ensemble": { "size": 32, "antithetic": true, "seed": 11 },
          "record": { {{record}} }, "drift": { {{drift}} }, "device": "cpu" }
        """, "test");

    static Dataset Data(ExperimentConfig c) => DatasetBuilder.Build(c.Data, ".");

    /// <summary>The hidden weights follow the prior only (readout frozen from step 0): rho measured at the lags.</summary>
    List<CorrelationPoint> PriorCorrelations(ExperimentConfig c, double[] referenceTimes, double[] lags)
    {
        var data = Data(c);
        using var backend = new CpuBackend(2);
        using var sim = backend.Create(ExperimentSetup.Simulation(c, data));
        sim.Phase = TrainingPhase.FrozenReadout;
        double dt = c.Dynamics.Dt;
        var refs = referenceTimes.Select(t => (long)Math.Round(t / dt)).ToHashSet();
        var tracker = new HiddenDriftTracker(sim, [6, 7, 8], refs);
        var steps = refs.SelectMany(r => lags.Select(l => r + (long)Math.Round(l / dt)).Prepend(r)).Distinct().Order();
        foreach (long s in steps) { sim.Advance(s - sim.Step); tracker.Snapshot(); }
        return tracker.Points.Where(p => p.Lag > 0).ToList();
    }

    void Check(IEnumerable<(string What, double Sim, double Se, double Theory)> rows)
    {
        foreach (var (what, sim, se, theory) in rows)
        {
            double z = (sim - theory) / se;
            output.WriteLine($"{what}: sim {sim:F4} ± {se:F4}, theory {theory:F4}, z = {z:F2}");
            Assert.True(se > 0 && se < 0.05, $"{what}: SE {se} (the test must be able to fail)");
            Assert.True(Math.Abs(z) <= Z, $"{what}: z = {z:F2}");
        }
    }

    [Fact]
    public void FirstLayerPreActivationCorrelationIsTheWeightCorrelation()
    {
        // linear: phi(h^1) = h^1, so rho_1 is the pre-activation correlation, m(t,t') / sqrt(m(t,t) m(t',t')).
        var c = Config("linear", 1, "\"temperature\": 1.0, \"sigma2\": 2.0, \"sigma02\": 0.5, \"dt\": 0.01", "\"lags\": [0.3]");
        var spec = ExperimentSetup.Theory(c);
        var rows = PriorCorrelations(c, [0, 1.5], [0.2, 1, 3]);
        Assert.True(rows.Count >= 6, "every reference against every later snapshot");
        Check(rows.Select(r => ($"t = {r.ReferenceTime}, tau = {r.Lag}", r.Mean, r.Se,
            DriftCorrelation.FirstLayerPreActivation(spec, r.ReferenceTime + r.Lag, r.ReferenceTime))));
    }

    [Fact]
    public void ReluCorrelationReachesOneOverPi()
    {
        // Stationary prior (sigma0 = sigma), gamma = 1: at tau = 7 the theory is within 5e-4 of 1/pi.
        var c = Config("relu", 1, "\"temperature\": 1.0, \"sigma2\": 1.0, \"sigma02\": 1.0, \"dt\": 0.02", "\"lags\": [0.3]");
        var spec = ExperimentSetup.Theory(c);
        var data = Data(c);
        var row = Assert.Single(PriorCorrelations(c, [0], [7]));
        double theory = DriftCorrelation.HiddenAveraged(spec, data.TestX[..3], 7, 0)[0];
        Assert.True(Math.Abs(theory - 1 / Math.PI) < 5e-4, $"theory {theory}");
        Check([("rho_1(7, 0) against 1/pi", row.Mean, row.Se, 1 / Math.PI), ("against the theory", row.Mean, row.Se, theory)]);
    }

    [Fact]
    public void ErfFrozenReadoutMeanOutputDecaysToZero()
    {
        var c = Config("erf", 1, "\"temperature\": 0.5, \"sigma2\": 0.5, \"sigma02\": 1.0, \"dt\": 0.01, \"tMax\": 9",
            "\"freezeTime\": 1.5, \"lags\": [1]", "\"spacing\": \"list\", \"times\": [0.5, 1.5, 2.5, 4, 9], \"includeZero\": false");
        using var backend = new CpuBackend(2);
        var run = DriftExperiment.Run(c, Data(c), backend);
        int freeze = Array.IndexOf(run.Times, 1.5), end = run.Times.Length - 1;
        Assert.Contains(run.Test.SimMean[freeze].Zip(run.Test.SimSe[freeze]), p => Math.Abs(p.First) > 5 * p.Second);
        // Both parts of Kfrozen decay at least as exp(-gamma (t - t0)) = 5.5e-4 here.
        double scale = run.Test.Theory[freeze].Max(Math.Abs);
        Assert.All(run.Test.Theory[end], f => Assert.True(Math.Abs(f) < 2e-3 * scale, $"theory at t = 9: {f:E2} (at t0: {scale:E2})"));
        var rows = Enumerable.Range(0, run.Times.Length).SelectMany(r => Enumerable.Range(0, 4).Select(i =>
            ($"t = {run.Times[r]}, test {i}", run.Test.SimMean[r][i], run.Test.SimSe[r][i], run.Test.Theory[r][i])));
        Check(rows);
    }

    [Fact]
    public void CorrelationAgreesWithTheoryWhileEveryWeightLearns()
    {
        var c = Config("relu", 2, "\"temperature\": 0.5, \"sigma2\": 1.0, \"sigma02\": 0.5, \"dt\": 0.01, \"tMax\": 4",
            "\"probes\": [0, 1], \"referenceTimes\": [0, 1], \"lags\": [0.2, 1, 3]");
        using var backend = new CpuBackend(2);
        var run = DriftExperiment.Run(c, Data(c), backend);
        var rows = run.Correlations.Where(r => r.Sim.Lag > 0).ToList();
        Assert.True(rows.Count >= 2 * 2 * 3, "two layers, two references, three lags at least");
        Check(rows.Select(r => ($"layer {r.Sim.Layer}, t = {r.Sim.ReferenceTime}, tau = {r.Sim.Lag}", r.Sim.Mean, r.Sim.Se, r.Theory)));
    }
}
