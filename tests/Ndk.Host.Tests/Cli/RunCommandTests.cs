using System.Text.Json;
using Ndk.Host.Tests.TestSupport;

namespace Ndk.Host.Tests.Cli;

[Collection(ConsoleCollection.Name)]
public class RunCommandTests
{
    [Fact]
    public void ARunWritesEveryOutputAndTheVerdict()
    {
        using var dir = new TempDirectory();
        string cfg = TinyExperiment.Write(dir, TinyExperiment.Json());
        string run = dir.File("run");
        var (exit, stdout, stderr) = NdkInProcess.Invoke("run", cfg, "--out", run, "--quiet");
        Assert.True(exit == 0, stderr);
        foreach (var f in new[] { "config.json", "series.csv", "summary.json", "report.md", "status.json", "statistics.bin", "mean.png", "error.png", "z.png" })
            Assert.True(File.Exists(Path.Combine(run, f)), $"missing {f}");
        var lines = File.ReadAllLines(Path.Combine(run, "series.csv"));
        Assert.Equal("t,split,point,sim_mean,sim_se,sim_var,theory_mean,theory_var,z", lines[0]);
        Assert.Equal(1 + 5 * (4 + 3), lines.Length); // t = 0 and 4 record times, 4 train and 3 test points
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        string verdict = summary.RootElement.GetProperty("verdict").GetString()!;
        Assert.Contains(verdict, stdout);
        Assert.Contains("Criterion", File.ReadAllText(Path.Combine(run, "report.md")));
        Assert.Contains("completed", File.ReadAllText(Path.Combine(run, "status.json")));
    }

    [Fact]
    public void AnExistingRunDirectoryIsNeverOverwrittenWithoutForce()
    {
        using var dir = new TempDirectory();
        string cfg = TinyExperiment.Write(dir, TinyExperiment.Json());
        string run = dir.File("run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "precious.txt"), "keep");
        var (exit, _, err) = NdkInProcess.Invoke("run", cfg, "--out", run, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("--force", err);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(run, "precious.txt")));
    }

    [Fact]
    public void UsageErrorsExitWithTwoAndOneLine()
    {
        var (exit, _, err) = NdkInProcess.Invoke("run", "--no-such-option");
        Assert.Equal(2, exit);
        Assert.Contains("error:", err);
        var (exit2, _, err2) = NdkInProcess.Invoke("run", "/nonexistent/config.json");
        Assert.Equal(2, exit2);
        Assert.Contains("/nonexistent/config.json: config file not found", err2);
    }

    [Fact]
    public void TheStabilityBoundRefusesATooLargeTimeStep()
    {
        using var dir = new TempDirectory();
        string cfg = TinyExperiment.Write(dir, TinyExperiment.Json());
        var (exit, _, err) = NdkInProcess.Invoke("run", cfg, "--out", dir.File("run"), "--quiet", "--set", "dynamics.dt=5");
        Assert.Equal(2, exit);
        Assert.Contains("dt * lambda_max", err);
        Assert.Contains(">= 2", err);
    }

    [Fact]
    public void AnEnsembleTooLargeForMemoryIsRefusedBeforeAllocatingWithTheLargestThatFits()
    {
        using var dir = new TempDirectory();
        string cfg = TinyExperiment.Write(dir, TinyExperiment.Json());
        // 4e8 members of about 3,400 bytes each: far beyond this machine's memory.
        var (exit, _, err) = NdkInProcess.Invoke("run", cfg, "--out", dir.File("run"), "--quiet", "--set", "ensemble.size=400000000");
        Assert.Equal(2, exit);
        Assert.Contains("the largest ensemble that fits is", err);
        var largest = int.Parse(System.Text.RegularExpressions.Regex.Match(err, @"fits is (\d+)").Groups[1].Value);
        Assert.InRange(largest, 2, 400_000_000 - 2);
        Assert.Equal(0, largest % 2);
    }
}
