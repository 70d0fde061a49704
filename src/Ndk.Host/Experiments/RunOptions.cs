namespace Ndk.Host.Experiments;

/// <summary>What the `ndk run` command line asked for.</summary>
public sealed record RunOptions
{
    /// <summary>The config file; null = the embedded default.</summary>
    public string? ConfigPath { get; init; }
    public string? OutDir { get; init; }
    public string? Device { get; init; }
    public IReadOnlyList<string> Sets { get; init; } = [];
    public bool Force { get; init; }
    public bool Quiet { get; init; }
    /// <summary>Continue the run in this directory from its checkpoint.</summary>
    public string? ResumeDir { get; init; }
    /// <summary>Run only this share of the members (null: all).</summary>
    public ShardSpec? Shard { get; init; }
}
