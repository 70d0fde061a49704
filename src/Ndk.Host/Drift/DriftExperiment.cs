using System.Diagnostics;
using Ndk.Gpu;
using Ndk.Gpu.Statistics;
using Ndk.Host.Data;
using Ndk.Host.Experiments;
using Ndk.Host.Theory;

namespace Ndk.Host.Drift;

/// <summary>
/// `ndk drift`: trains the ensemble, freezes the readout at t0 (if asked), tracks the probe points' hidden
/// representations against the reference snapshots and the outputs at the record times, then puts the
/// theory next to them: rho_l from the two-time kernels, the mean predictor from the NDK before t0 and
/// from Kfrozen after it, and the threshold read-out's accuracy on both.
/// </summary>
public static class DriftExperiment
{
    public static DriftResult Run(ExperimentConfig config, Dataset data, IEnsembleBackend backend, Action<long>? progress = null,
        CancellationToken cancel = default)
    {
        var drift = config.Drift ?? throw new ConfigException("the config has no drift section");
        var warnings = new List<string>();
        if (drift.CommonInputScale) data = CommonScale(data);
        var plan = DriftPlan.Build(config);
        var probes = ProbeIndices(drift, data);
        var spec = ExperimentSetup.Theory(config);
        double dt = config.Dynamics.Dt, lambdaMax = KernelLimits.NtkLambdaMax(spec, data.TrainX);
        if (dt * lambdaMax > 0.2)
            warnings.Add($"dt * lambda_max = {dt * lambdaMax:G3} > 0.2 (lambda_max = {lambdaMax:G4}): the discrete steps may not track the theory");

        var setup = ExperimentSetup.Simulation(config, data);
        using var sim = backend.Create(setup);
        int p = setup.TrainCount;
        var tracker = new HiddenDriftTracker(sim, probes.Select(i => p + i).ToArray(), plan.ReferenceSteps.ToHashSet());
        var stats = new EnsembleStatistics(plan.Records.Steps, p, setup.PointCount, config.Ensemble.Antithetic);
        var outputs = new double[setup.Ensemble.Size * setup.PointCount];
        var snapshotSteps = plan.SnapshotSteps.ToHashSet();
        var recordIndex = plan.Records.Steps.Select((s, r) => (s, r)).ToDictionary(x => x.s, x => x.r);
        var after = drift.HiddenLearning ? TrainingPhase.FrozenReadoutHiddenLearning : TrainingPhase.FrozenReadout;
        var clock = Stopwatch.StartNew();
        foreach (long step in plan.EventSteps())
        {
            cancel.ThrowIfCancellationRequested();
            sim.Advance(step - sim.Step, cancel);
            // Outputs and snapshots at t0 are taken before the freeze: the state is the same either way.
            if (recordIndex.TryGetValue(step, out int r))
            {
                sim.ReadOutputs(outputs);
                stats.Accumulate(r, outputs, setup.Ensemble.Size, setup.TrainLabels);
            }
            if (snapshotSteps.Contains(step)) tracker.Snapshot();
            if (step == plan.FreezeStep) sim.Phase = after;
            progress?.Invoke(step);
        }
        double simSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var times = plan.Records.Times;
        // The sim froze at the step nearest t0; the theory freezes there too.
        double? t0 = plan.FreezeStep >= 0 ? plan.FreezeStep * dt : null;
        var frozen = t0 is double f0 && !drift.HiddenLearning ? new FrozenReadoutPredictor(spec, data.TrainX, data.TrainY, f0, cancel: cancel) : null;
        var (trainTheory, testTheory) = MeanTheory(spec, data, times, t0, frozen, cancel);
        var probeX = probes.Select(i => data.TestX[i]).ToArray();
        var correlations = tracker.Points
            .Select(c => new CorrelationRow(c, DriftCorrelation.HiddenAveraged(spec, probeX, c.ReferenceTime + c.Lag, c.ReferenceTime)[c.Layer - 1]))
            .ToList();
        var train = Series("train", data.TrainY, stats, 0, p, trainTheory);
        var test = Series("test", data.TestY, stats, p, data.TestX.Length, testTheory);
        var limit = frozen != null ? LongTime(frozen, data) : ((double[], double[], double)?)null;
        var eq = KernelLimits.Compute(spec, data.TrainX, data.TrainY, data.TestX);
        double eqAccuracy = ThresholdReadout.Fit(eq.EquilibriumTrain, data.TrainY).Accuracy(eq.EquilibriumTest, data.TestY);
        double theorySeconds = clock.Elapsed.TotalSeconds;

        return new DriftResult
        {
            Name = config.Name,
            Description = data.Description + (drift.CommonInputScale ? "; one common scale, mean |x|^2 = N0 on the training set" : ""),
            Activation = config.Network.Activation,
            Times = times,
            FreezeTime = t0,
            Protocol = drift.FreezeTime == null ? "all weights learning" : drift.HiddenLearning ? "frozen readout, hidden weights learning" : "frozen readout, hidden weights prior (OU) only",
            Probes = probes,
            Train = train,
            Test = test,
            Correlations = correlations,
            Accuracy = AccuracyOverTime(train, test, times, drift),
            LongTimeLimit = limit,
            LateWindow = LateWindow(train, test, times, t0 is double tf ? tf + 10 / Math.Max(spec.Gamma, 1e-300) : double.PositiveInfinity),
            EquilibriumTestAccuracy = eqAccuracy,
            Backend = backend.Name,
            SimSeconds = simSeconds,
            TheorySeconds = theorySeconds,
            Warnings = warnings,
        };
    }

    /// <summary>Every input times one factor, so that the training inputs' mean |x|^2 is N0 (relative norms kept).</summary>
    internal static Dataset CommonScale(Dataset d)
    {
        double mean = d.TrainX.Average(x => x.Sum(v => v * v));
        if (!(mean > 0)) throw new ConfigException("drift.commonInputScale: the training inputs are all zero");
        double c = Math.Sqrt(d.InputDim / mean);
        double[][] Scale(double[][] xs) => xs.Select(x => x.Select(v => v * c).ToArray()).ToArray();
        return new Dataset
        {
            TrainX = Scale(d.TrainX), TrainY = d.TrainY, TestX = Scale(d.TestX), TestY = d.TestY,
            Description = d.Description, InputDim = d.InputDim, TrainSource = d.TrainSource, TestSource = d.TestSource,
        };
    }

    static int[] ProbeIndices(DriftConfig d, Dataset data)
    {
        int q = data.TestX.Length;
        if (q == 0) throw new ConfigException("drift: the probe points are test points, and data.test is 0");
        var probes = d.Probes ?? Enumerable.Range(0, Math.Min(d.ProbeCount, q)).ToArray();
        if (probes.FirstOrDefault(i => i >= q, -1) is int bad and >= 0)
            throw new ConfigException($"drift.probes: index {bad} is not a test point (there are {q})");
        return probes;
    }

    /// <summary>
    /// The theory's mean predictor at the record times, [record][point]: the NDK up to t0 (at all times when
    /// nothing freezes), Kfrozen after it; NaN after t0 when the hidden weights keep learning (no theory here).
    /// </summary>
    static (double[][] Train, double[][] Test) MeanTheory(TheorySpec spec, Dataset data, double[] times, double? freeze,
        FrozenReadoutPredictor? frozen, CancellationToken cancel)
    {
        double t0 = freeze ?? double.PositiveInfinity;
        var before = times.Where(t => t <= t0).ToArray();
        var later = times.Where(t => t > t0).ToArray();
        var ndk = before.Length > 0
            ? NdkTheory.Predict(spec, data.TrainX, data.TrainY, data.TestX, before, new TheoryOptions(ComputeVariance: false), cancel)
            : null;
        int p = data.TrainX.Length, q = data.TestX.Length;
        var late = frozen?.Predict([.. data.TrainX, .. data.TestX], later, cancel)
            ?? later.Select(_ => Enumerable.Repeat(double.NaN, p + q).ToArray()).ToArray();
        return ([.. (ndk?.TrainMean ?? []).Concat(late.Select(f => f[..p]))], [.. (ndk?.TestMean ?? []).Concat(late.Select(f => f[p..]))]);
    }

    static (double[], double[], double) LongTime(FrozenReadoutPredictor frozen, Dataset data)
    {
        var train = frozen.LongTimeLimit(data.TrainX);
        var test = frozen.LongTimeLimit(data.TestX);
        return (train, test, ThresholdReadout.Fit(train, data.TrainY).Accuracy(test, data.TestY));
    }

    /// <summary>The read-out fitted and applied on the simulated predictor averaged over the records at t &gt;= from.</summary>
    internal static (double, int, double)? LateWindow(SplitSeries train, SplitSeries test, double[] times, double from)
    {
        var late = Enumerable.Range(0, times.Length).Where(r => times[r] >= from).ToArray();
        if (late.Length == 0) return null;
        double[] Average(double[][] series, int n) => Enumerable.Range(0, n).Select(i => late.Average(r => series[r][i])).ToArray();
        var fit = ThresholdReadout.Fit(Average(train.SimMean, train.Labels.Length), train.Labels);
        return (from, late.Length, fit.Accuracy(Average(test.SimMean, test.Labels.Length), test.Labels));
    }

    static SplitSeries Series(string split, double[] labels, EnsembleStatistics stats, int first, int count, double[][] theory)
    {
        int records = stats.RecordCount;
        var mean = new double[records][];
        var se = new double[records][];
        for (int r = 0; r < records; r++)
        {
            mean[r] = Enumerable.Range(first, count).Select(i => stats.Mean(r, i)).ToArray();
            se[r] = Enumerable.Range(first, count).Select(i => stats.StandardError(r, i)).ToArray();
        }
        return new SplitSeries(split, labels, mean, se, theory);
    }

    /// <summary>
    /// The threshold read-out at every record time, fitted on the training predictor values (refitted each time,
    /// or once at the last record at or before t0 with readoutFit "freeze") and applied to the test values.
    /// </summary>
    internal static List<AccuracyRow> AccuracyOverTime(SplitSeries train, SplitSeries test, double[] times, DriftConfig d)
    {
        int fixedAt = d.ReadoutFit == "freeze" ? Array.FindLastIndex(times, t => t <= (d.FreezeTime ?? double.PositiveInfinity)) : -1;
        var rows = new List<AccuracyRow>();
        for (int r = 0; r < times.Length; r++)
        {
            int fitAt = fixedAt >= 0 ? fixedAt : r;
            var simFit = ThresholdReadout.Fit(train.SimMean[fitAt], train.Labels);
            bool hasTheory = !double.IsNaN(train.Theory[r][0]) && !double.IsNaN(train.Theory[fitAt][0]);
            var thFit = hasTheory ? ThresholdReadout.Fit(train.Theory[fitAt], train.Labels) : default;
            rows.Add(new AccuracyRow(times[r],
                simFit.Accuracy(train.SimMean[r], train.Labels), simFit.Accuracy(test.SimMean[r], test.Labels),
                hasTheory ? thFit.Accuracy(train.Theory[r], train.Labels) : double.NaN,
                hasTheory ? thFit.Accuracy(test.Theory[r], test.Labels) : double.NaN));
        }
        return rows;
    }
}
