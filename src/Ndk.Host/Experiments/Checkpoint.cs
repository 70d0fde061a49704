using System.Security.Cryptography;
using Ndk.Gpu;
using Ndk.Gpu.Statistics;
using Ndk.Host.Reports;

namespace Ndk.Host.Experiments;

/// <summary>
/// The whole state of a run at a step boundary: weights, step, the statistics recorded so far and
/// (when kept) the member outputs. The noise needs no state (counter-based), so resuming from this file
/// reproduces an uninterrupted run bit for bit on the CPU backend. The file ends in a SHA-256 of its
/// contents, and names the hash of the resolved config it belongs to.
/// </summary>
public sealed class Checkpoint
{
    const string Magic = "NDKCKPT1";

    public required string ConfigHash { get; init; }
    public required int NextRecord { get; init; }
    public required EnsembleStatistics Statistics { get; init; }
    public required List<double[]> MemberOutputs { get; init; }
    public required EnsembleState State { get; init; }

    public static string HashConfig(string resolvedJson) =>
        Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(resolvedJson)));

    public static void Write(string path, Checkpoint c)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(c.ConfigHash);
            w.Write(c.State.Step);
            w.Write(c.NextRecord);
            StatisticsFile.Write(w, c.Statistics);
            w.Write(c.MemberOutputs.Count);
            foreach (var m in c.MemberOutputs) StatisticsFile.WriteArray(w, m);
            StatisticsFile.WriteArray(w, c.State.Weights);
        }
        byte[] body = ms.ToArray();
        byte[] hash = SHA256.HashData(body);
        AtomicFile.Write(path, f => { f.Write(body); f.Write(hash); });
    }

    public static Checkpoint Read(string path, string expectedConfigHash)
    {
        byte[] all;
        try { all = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new ConfigException($"{path}: cannot read the checkpoint: {e.Message}"); }
        if (all.Length < 32 + Magic.Length) throw new ConfigException($"{path}: the checkpoint is truncated ({all.Length} bytes)");
        var body = all.AsSpan(0, all.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(all.AsSpan(all.Length - 32)))
            throw new ConfigException($"{path}: the checkpoint is corrupt (checksum mismatch); it cannot be resumed");
        try { return Parse(body.ToArray(), expectedConfigHash, path); }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
        { throw new ConfigException($"{path}: the checkpoint is malformed ({e.Message}); it cannot be resumed"); }
    }

    static Checkpoint Parse(byte[] body, string expectedConfigHash, string path)
    {
        using var r = new BinaryReader(new MemoryStream(body));
        if (r.ReadString() != Magic) throw new ConfigException($"{path}: not an ndk checkpoint");
        string hash = r.ReadString();
        if (hash != expectedConfigHash)
            throw new ConfigException($"{path}: the checkpoint belongs to a different config than the run directory's config.json");
        long step = r.ReadInt64();
        int next = r.ReadInt32();
        var stats = StatisticsFile.Read(r);
        int mo = r.ReadInt32();
        var members = new List<double[]>();
        for (int k = 0; k < mo; k++) members.Add(StatisticsFile.ReadArray(r));
        var weights = StatisticsFile.ReadArray(r);
        return new Checkpoint
        {
            ConfigHash = hash, NextRecord = next, Statistics = stats, MemberOutputs = members,
            State = new EnsembleState { Step = step, Weights = weights },
        };
    }
}
