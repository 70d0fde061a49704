namespace Ndk.Host.Drift;

/// <summary>
/// The `drift` section of an experiment config, read by `ndk drift` (experiments/README.md documents
/// every field). Times are absolute (the units of t); hidden-layer snapshots are taken at each reference
/// time and at every reference time plus each lag.
/// </summary>
public sealed record DriftConfig
{
    /// <summary>t0: the readout a is frozen from here on; null = nothing is frozen (all weights keep learning).</summary>
    public double? FreezeTime { get; init; }
    /// <summary>After t0 the hidden weights keep their data gradient (the other reading of the protocol).</summary>
    public bool HiddenLearning { get; init; }
    /// <summary>Test-point indices whose hidden representations are tracked; null = the first <see cref="ProbeCount"/>.</summary>
    public int[]? Probes { get; init; }
    public int ProbeCount { get; init; } = 4;
    /// <summary>Times whose snapshots are kept as references; empty = [freezeTime] (or [0] when nothing freezes).</summary>
    public double[] ReferenceTimes { get; init; } = [];
    /// <summary>list | log: the lags tau after each reference time at which rho(t, t + tau) is measured.</summary>
    public string LagSpacing { get; init; } = "log";
    public double[] Lags { get; init; } = [];
    public double LagFrom { get; init; } = 0.1;
    public double LagTo { get; init; } = 10;
    public int LagCount { get; init; } = 20;
    /// <summary>each: refit the threshold read-out at every record time; freeze: fit it once at t0 and keep it.</summary>
    public string ReadoutFit { get; init; } = "each";
    /// <summary>
    /// Scale every input by one common factor so that the training inputs' mean |x|^2 is N0. With
    /// data.normalize "none" this keeps the inputs' relative norms, which a frozen relu readout can still read.
    /// </summary>
    public bool CommonInputScale { get; init; }

    public static readonly string[] LagSpacings = ["list", "log"];
    public static readonly string[] ReadoutFits = ["each", "freeze"];

    /// <summary>The reference times in force (defaults filled in), sorted.</summary>
    public double[] ResolvedReferences() => ReferenceTimes.Length > 0 ? [.. ReferenceTimes.Distinct().Order()] : [FreezeTime ?? 0.0];

    /// <summary>The lags tau &gt; 0, sorted.</summary>
    public double[] ResolvedLags() => LagSpacing == "list"
        ? [.. Lags.Distinct().Order()]
        : [.. Enumerable.Range(0, LagCount).Select(k => LagCount == 1 ? LagTo : LagFrom * Math.Pow(LagTo / LagFrom, (double)k / (LagCount - 1)))];
}
