using Ndk.Host.Experiments;

namespace Ndk.Host.Drift;

/// <summary>
/// When things happen in a drift run, on the simulator's step grid (step = round(t / dt)): output records
/// (the config's record section), the freeze step, the reference snapshots and the lagged snapshots.
/// </summary>
public sealed class DriftPlan
{
    public required RecordSchedule Records { get; init; }
    /// <summary>The freeze step, or -1 when nothing freezes.</summary>
    public required long FreezeStep { get; init; }
    public required long[] ReferenceSteps { get; init; }
    /// <summary>Every step with a hidden snapshot: references and reference + lag, sorted.</summary>
    public required long[] SnapshotSteps { get; init; }
    public required double Dt { get; init; }

    public static DriftPlan Build(ExperimentConfig c)
    {
        var d = c.Drift ?? throw new ConfigException("the config has no drift section; `ndk drift` needs one (see experiments/README.md)");
        var records = RecordSchedule.Build(c.Record, c.Dynamics);
        double dt = c.Dynamics.Dt, tMax = records.TotalSteps * dt;
        long Step(double t) => (long)Math.Round(t / dt);
        if (d.FreezeTime is double t0 && Step(t0) > records.TotalSteps)
            throw new ConfigException($"drift.freezeTime = {t0}: after the last time {tMax} (dynamics.tMax or the last record time)");
        var refs = d.ResolvedReferences().Select(Step).Distinct().ToArray();
        var lags = d.ResolvedLags();
        var snaps = refs.SelectMany(r => lags.Select(l => r + Math.Max(1, Step(l))).Prepend(r)).Distinct().Order().ToArray();
        if (snaps[^1] > records.TotalSteps)
            throw new ConfigException($"drift: a reference time plus the largest lag reaches t = {snaps[^1] * dt:G6}, after the last time {tMax}; " +
                "raise dynamics.tMax or shorten the lags");
        return new DriftPlan
        {
            Records = records,
            FreezeStep = d.FreezeTime is double f ? Step(f) : -1,
            ReferenceSteps = refs,
            SnapshotSteps = snaps,
            Dt = dt,
        };
    }

    /// <summary>Every step at which the run stops to do something, sorted, the last one the final step.</summary>
    public long[] EventSteps() =>
        [.. Records.Steps.Concat(SnapshotSteps).Concat(FreezeStep >= 0 ? [FreezeStep] : []).Append(Records.TotalSteps).Distinct().Order()];
}
