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
            var s = c.Statistics;
            w.Write(s.RecordCount); w.Write(s.TrainCount); w.Write(s.PointCount); w.Write(s.Antithetic);
            foreach (long step in s.RecordSteps) w.Write(step);
            foreach (var a in new[] { s.Sum, s.SumSq, s.UnitSum, s.UnitSumSq, s.LossSum, s.LossSumSq }) WriteArray(w, a);
            foreach (var a in new[] { s.Count, s.UnitCount }) { w.Write(a.Length); foreach (long v in a) w.Write(v); }
            w.Write(c.MemberOutputs.Count);
            foreach (var m in c.MemberOutputs) WriteArray(w, m);
            WriteArray(w, c.State.Weights);
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
        using var r = new BinaryReader(new MemoryStream(body.ToArray()));
        if (r.ReadString() != Magic) throw new ConfigException($"{path}: not an ndk checkpoint");
        string hash = r.ReadString();
        if (hash != expectedConfigHash)
            throw new ConfigException($"{path}: the checkpoint belongs to a different config than the run directory's config.json");
        long step = r.ReadInt64();
        int next = r.ReadInt32();
        int records = r.ReadInt32(), train = r.ReadInt32(), points = r.ReadInt32();
        bool anti = r.ReadBoolean();
        var steps = new long[records];
        for (int k = 0; k < records; k++) steps[k] = r.ReadInt64();
        var stats = new EnsembleStatistics(steps, train, points, anti);
        foreach (var a in new[] { stats.Sum, stats.SumSq, stats.UnitSum, stats.UnitSumSq, stats.LossSum, stats.LossSumSq })
            ReadArray(r).CopyTo(a, 0);
        foreach (var a in new[] { stats.Count, stats.UnitCount })
        {
            int n = r.ReadInt32();
            for (int k = 0; k < n; k++) a[k] = r.ReadInt64();
        }
        int mo = r.ReadInt32();
        var members = new List<double[]>();
        for (int k = 0; k < mo; k++) members.Add(ReadArray(r));
        var weights = ReadArray(r);
        return new Checkpoint
        {
            ConfigHash = hash, NextRecord = next, Statistics = stats, MemberOutputs = members,
            State = new EnsembleState { Step = step, Weights = weights },
        };
    }

    static void WriteArray(BinaryWriter w, double[] a)
    {
        w.Write(a.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
    }

    static double[] ReadArray(BinaryReader r)
    {
        int n = r.ReadInt32();
        var a = new double[n];
        var bytes = r.ReadBytes(n * sizeof(double));
        if (bytes.Length != n * sizeof(double)) throw new EndOfStreamException();
        bytes.AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
        return a;
    }
}
