using Ndk.Host.Data;

namespace Ndk.Host.Experiments;

/// <summary>
/// One experiment: what `ndk run`, `ndk theory` and the presets read. Every field, unit and default is
/// documented in experiments/README.md; <see cref="ConfigReader"/> fills the defaults and rejects the rest.
/// </summary>
public sealed record ExperimentConfig
{
    public string Name { get; init; } = "experiment";
    public DataSpec Data { get; init; } = new();
    public NetworkConfig Network { get; init; } = new();
    public DynamicsConfig Dynamics { get; init; } = new();
    public EnsembleConfig Ensemble { get; init; } = new();
    public RecordConfig Record { get; init; } = new();
    public TheoryConfig Theory { get; init; } = new();
    public OutputConfig Output { get; init; } = new();
    /// <summary>The `drift` section, read by `ndk drift` (null when absent).</summary>
    public Ndk.Host.Drift.DriftConfig? Drift { get; init; }
    /// <summary>auto | cpu | cuda | cuda:N | opencl | ilgpu-cpu</summary>
    public string Device { get; init; } = "auto";
    /// <summary>single | double (double: CPU backend only)</summary>
    public string Precision { get; init; } = "single";
}

public sealed record NetworkConfig
{
    public int Depth { get; init; } = 1;
    public int Width { get; init; } = 256;
    /// <summary>linear | relu | erf | tanh</summary>
    public string Activation { get; init; } = "relu";
}

public sealed record DynamicsConfig
{
    public double Temperature { get; init; } = 0.2;
    public double Sigma2 { get; init; } = 2.0;
    public double Sigma02 { get; init; } = 1.0;
    public double Dt { get; init; } = 0.01;
    /// <summary>Last simulated time; null = the last record time.</summary>
    public double? TMax { get; init; }
}

public sealed record EnsembleConfig
{
    public int Size { get; init; } = 64;
    public bool Antithetic { get; init; } = true;
    public ulong Seed { get; init; } = 7;
}

public sealed record RecordConfig
{
    /// <summary>list | linear | log</summary>
    public string Spacing { get; init; } = "log";
    /// <summary>The record times when Spacing is "list".</summary>
    public double[] Times { get; init; } = [];
    public double From { get; init; } = 0.01;
    public double To { get; init; } = 10;
    public int Count { get; init; } = 20;
    /// <summary>Also record t = 0 (the prior).</summary>
    public bool IncludeZero { get; init; } = true;
}

public sealed record TheoryConfig
{
    /// <summary>Solve the ensemble variance too (costlier than the mean).</summary>
    public bool Variance { get; init; } = true;
}

public sealed record OutputConfig
{
    /// <summary>Write every member's outputs at every record time (members.bin).</summary>
    public bool MemberOutputs { get; init; } = false;
    /// <summary>Checkpoint every this many minutes of wall time (0 = never).</summary>
    public double CheckpointMinutes { get; init; } = 5;
}
