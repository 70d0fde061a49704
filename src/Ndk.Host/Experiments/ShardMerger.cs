using Ndk.Gpu.Statistics;
using Ndk.Host.Data;
using Ndk.Host.Reports;

namespace Ndk.Host.Experiments;

/// <summary>
/// `ndk merge`: adds up the statistics of the shards of one run and writes the same outputs a single run
/// writes. Refuses shards of different configs, duplicated shards and missing shards.
/// </summary>
public static class ShardMerger
{
    public static int Merge(IReadOnlyList<string> dirs, string outDir, bool force, bool quiet)
    {
        if (dirs.Count == 0) throw new ConfigException("ndk merge: give the shard directories to merge");
        var shards = new List<(string Dir, string Config, ShardFile File)>();
        foreach (var d in dirs)
        {
            string cfg = Path.Combine(d, "config.json");
            if (!File.Exists(cfg)) throw new ConfigException($"{d}: not a run directory (no config.json)");
            string text = File.ReadAllText(cfg);
            var file = ShardFile.Read(Path.Combine(d, ShardFile.FileName));
            if (file.ConfigHash != ExperimentRunner.Identity(text, file.Shard))
                throw new ConfigException($"{d}: statistics.bin does not belong to this directory's config.json (edited or mixed up?)");
            shards.Add((d, text, file));
        }
        var first = shards[0];
        foreach (var s in shards.Skip(1))
            if (s.Config != first.Config)
                throw new ConfigException($"cannot merge shards of different configs: {first.Dir} and {s.Dir} differ ({FirstDifference(first.Config, s.Config)})");
        int n = first.File.Shard.Count;
        foreach (var s in shards)
            if (s.File.Shard.Count != n)
                throw new ConfigException($"cannot merge: {first.Dir} is shard {first.File.Shard} but {s.Dir} is shard {s.File.Shard} (different shard counts)");
        var byIndex = shards.GroupBy(s => s.File.Shard.Index).ToList();
        var dup = byIndex.FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new ConfigException($"cannot merge: shard {dup.Key}/{n} is given twice ({string.Join(", ", dup.Select(s => s.Dir))})");
        var missing = Enumerable.Range(0, n).Except(byIndex.Select(g => g.Key)).ToList();
        if (missing.Count > 0) throw new ConfigException($"cannot merge: missing shard(s) {string.Join(", ", missing.Select(i => $"{i}/{n}"))} of {n}");

        var config = ConfigReader.Parse(first.Config, Path.Combine(first.Dir, "config.json"));
        var ordered = shards.OrderBy(s => s.File.Shard.Index).ToList();
        var stats = ordered[0].File.Statistics;
        foreach (var s in ordered.Skip(1)) stats.Merge(s.File.Statistics);

        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any() && !force)
            throw new ConfigException($"{outDir}: the output directory exists and is not empty; choose another --out or pass --force");
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteText(Path.Combine(outDir, "config.json"), first.Config);
        new ShardFile(ExperimentRunner.Identity(first.Config, ShardSpec.Whole), ShardSpec.Whole, 0, config.Ensemble.Size, stats)
            .Write(Path.Combine(outDir, ShardFile.FileName));
        string baseDirFile = Path.Combine(first.Dir, "base-directory.txt");
        string baseDir = File.Exists(baseDirFile) ? File.ReadAllText(baseDirFile).Trim() : first.Dir;
        var data = DatasetBuilder.Build(config.Data, baseDir);
        var schedule = RecordSchedule.Build(config.Record, config.Dynamics);
        var warnings = new List<string>();
        var result = RunReport.Write(config, schedule, data, ExperimentSetup.Theory(config), stats, null, outDir,
            $"merged from {n} shards", 0, schedule.Steps[^1], schedule.Steps.Length, warnings,
            m => { if (!quiet) Console.Error.WriteLine(m); }, CancellationToken.None);
        RunStatus.Write(outDir, "completed", result.Summary.Verdict.Line);
        Console.WriteLine(result.Summary.Verdict.Line);
        Console.WriteLine($"merged {n} shards -> {Path.Combine(outDir, "report.md")}");
        return 0;
    }

    static string FirstDifference(string a, string b)
    {
        var la = a.Split('\n'); var lb = b.Split('\n');
        for (int i = 0; i < Math.Min(la.Length, lb.Length); i++)
            if (la[i] != lb[i]) return $"'{la[i].Trim()}' against '{lb[i].Trim()}'";
        return "different lengths";
    }
}
