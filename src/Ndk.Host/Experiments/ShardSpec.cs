namespace Ndk.Host.Experiments;

/// <summary>
/// Shard i of n (0-based i): a contiguous block of the ensemble's independent units (pairs when antithetic),
/// so pairs stay together and every member keeps its global index, hence its trajectory.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    public static ShardSpec Whole { get; } = new(0, 1);

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int i) || !int.TryParse(parts[1], out int n) || n < 1 || i < 0 || i >= n)
            throw new ConfigException($"--shard {text}: expected i/n with 0 <= i < n, e.g. --shard 0/4");
        return new ShardSpec(i, n);
    }

    /// <summary>The members of this shard: (first global member index, member count).</summary>
    public (int First, int Size) Members(int ensembleSize, bool antithetic)
    {
        int stride = antithetic ? 2 : 1, units = ensembleSize / stride;
        if (Count > units)
            throw new ConfigException($"--shard {Index}/{Count}: the ensemble has only {units} independent {(antithetic ? "pairs" : "members")}; use at most {units} shards");
        long lo = (long)Index * units / Count, hi = (long)(Index + 1) * units / Count;
        return ((int)lo * stride, (int)(hi - lo) * stride);
    }

    public override string ToString() => $"{Index}/{Count}";
}
