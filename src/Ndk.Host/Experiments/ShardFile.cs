using System.Security.Cryptography;
using Ndk.Gpu.Statistics;
using Ndk.Host.Reports;

namespace Ndk.Host.Experiments;

/// <summary>
/// statistics.bin: a finished run's (or shard's) mergeable sums, with the hash of the resolved config and
/// the shard it covers, ending in a SHA-256 of its contents. `ndk merge` adds these up.
/// </summary>
public sealed record ShardFile(string ConfigHash, ShardSpec Shard, int FirstMember, int Size, EnsembleStatistics Statistics)
{
    const string Magic = "NDKSTAT1";
    public const string FileName = "statistics.bin";

    public void Write(string path)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic); w.Write(ConfigHash);
            w.Write(Shard.Index); w.Write(Shard.Count); w.Write(FirstMember); w.Write(Size);
            StatisticsFile.Write(w, Statistics);
        }
        byte[] body = ms.ToArray();
        byte[] hash = SHA256.HashData(body);
        AtomicFile.Write(path, f => { f.Write(body); f.Write(hash); });
    }

    public static ShardFile Read(string path)
    {
        if (!File.Exists(path)) throw new ConfigException($"{path}: not found (is this a finished run or shard directory?)");
        byte[] all = File.ReadAllBytes(path);
        if (all.Length < 40 || !SHA256.HashData(all.AsSpan(0, all.Length - 32)).AsSpan().SequenceEqual(all.AsSpan(all.Length - 32)))
            throw new ConfigException($"{path}: corrupt or truncated statistics (checksum mismatch)");
        try
        {
            using var r = new BinaryReader(new MemoryStream(all, 0, all.Length - 32));
            if (r.ReadString() != Magic) throw new InvalidDataException("not an ndk statistics file");
            string hash = r.ReadString();
            var shard = new ShardSpec(r.ReadInt32(), r.ReadInt32());
            int first = r.ReadInt32(), size = r.ReadInt32();
            return new ShardFile(hash, shard, first, size, StatisticsFile.Read(r));
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
        {
            throw new ConfigException($"{path}: malformed statistics file ({e.Message})");
        }
    }
}
