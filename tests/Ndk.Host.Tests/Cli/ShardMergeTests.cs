using Ndk.Host.Experiments;
using Ndk.Host.Tests.TestSupport;

namespace Ndk.Host.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public class ShardMergeTests
{
    static string[] SimColumns(string seriesCsv) =>
        File.ReadAllLines(seriesCsv).Skip(1).Select(l => string.Join(',', l.Split(',')[..6])).ToArray();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MergedShardsEqualOneRun(int n)
    {
        using var dir = new TempDirectory();
        string cfg = TinyExperiment.Write(dir, TinyExperiment.Json(tMax: 1, ensemble: 8));
        Assert.Equal(0, NdkInProcess.Invoke("run", cfg, "--out", dir.File("whole"), "--quiet").Exit);
        var shards = Enumerable.Range(0, n).Select(i => dir.File($"s{i}")).ToArray();
        for (int i = 0; i < n; i++)
        {
            var (exit, _, err) = NdkInProcess.Invoke("run", cfg, "--out", shards[i], "--quiet", "--shard", $"{i}/{n}");
            Assert.True(exit == 0, err);
            Assert.False(File.Exists(Path.Combine(shards[i], "series.csv")));
        }
        var (mexit, _, merr) = NdkInProcess.Invoke(["merge", .. shards.Reverse(), "--out", dir.File("merged"), "--quiet"]);
        Assert.True(mexit == 0, merr);

        var whole = ShardFile.Read(Path.Combine(dir.File("whole"), ShardFile.FileName)).Statistics;
        var merged = ShardFile.Read(Path.Combine(dir.File("merged"), ShardFile.FileName)).Statistics;
        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.UnitCount, merged.UnitCount);
        foreach (var (a, b) in new[] { (whole.Sum, merged.Sum), (whole.SumSq, merged.SumSq), (whole.UnitSum, merged.UnitSum), (whole.UnitSumSq, merged.UnitSumSq) })
            for (int k = 0; k < a.Length; k++)
                Assert.True(Math.Abs(a[k] - b[k]) <= 1e-12 * Math.Max(1e-300, Math.Abs(a[k])) || a[k] == b[k], $"element {k}: {a[k]:R} vs {b[k]:R}");
        Assert.Equal(SimColumns(Path.Combine(dir.File("whole"), "series.csv")).Length, SimColumns(Path.Combine(dir.File("merged"), "series.csv")).Length);
    }

    [Fact]
    public void MergeRefusesMissingDuplicatedAndForeignShards()
    {
        using var dir = new TempDirectory();
        string cfg = TinyExperiment.Write(dir, TinyExperiment.Json(tMax: 0.5, ensemble: 8));
        for (int i = 0; i < 3; i++) Assert.Equal(0, NdkInProcess.Invoke("run", cfg, "--out", dir.File($"s{i}"), "--quiet", "--shard", $"{i}/3").Exit);
        Assert.Equal(0, NdkInProcess.Invoke("run", cfg, "--out", dir.File("other"), "--quiet", "--shard", "2/3", "--set", "dynamics.temperature=0.1").Exit);

        var (e1, _, m1) = NdkInProcess.Invoke("merge", dir.File("s0"), dir.File("s1"), "--out", dir.File("m1"));
        Assert.Equal(2, e1); Assert.Contains("missing shard(s) 2/3", m1);
        var (e2, _, m2) = NdkInProcess.Invoke("merge", dir.File("s0"), dir.File("s1"), dir.File("s1"), "--out", dir.File("m2"));
        Assert.Equal(2, e2); Assert.Contains("shard 1/3 is given twice", m2);
        var (e3, _, m3) = NdkInProcess.Invoke("merge", dir.File("s0"), dir.File("s1"), dir.File("other"), "--out", dir.File("m3"));
        Assert.Equal(2, e3); Assert.Contains("different configs", m3); Assert.Contains("temperature", m3);
    }

    [Fact]
    public void ShardsKeepPairsTogetherAndCoverEveryMemberOnce()
    {
        for (int n = 1; n <= 5; n++)
        {
            var parts = Enumerable.Range(0, n).Select(i => new ShardSpec(i, n).Members(10, antithetic: true)).ToList();
            Assert.All(parts, p => Assert.True(p.First % 2 == 0 && p.Size % 2 == 0));
            Assert.Equal(Enumerable.Range(0, 10), parts.SelectMany(p => Enumerable.Range(p.First, p.Size)));
        }
        Assert.Throws<ConfigException>(() => new ShardSpec(0, 6).Members(10, antithetic: true));
        Assert.Throws<ConfigException>(() => ShardSpec.Parse("3/3"));
    }
}
