using System.Diagnostics;
using Ndk.Host.Tests.TestSupport;

namespace Ndk.Host.Tests.Cli;

/// <summary>
/// Interrupt a running `ndk run` process at an arbitrary step, by SIGKILL and by SIGTERM, resume it,
/// and compare with an uninterrupted run: series.csv must be identical, bit for bit (CPU backend).
/// </summary>
public class ResumeTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    // 3,000 steps of a small ensemble, checkpointed every ~0.1 s: long enough to be interrupted mid-run.
    static string Config => TinyExperiment.Json(tMax: 60, ensemble: 16)
        .Replace("\"checkpointMinutes\": 0", "\"checkpointMinutes\": 0.002");

    static void WaitForCheckpoint(string run, Process p)
    {
        var clock = Stopwatch.StartNew();
        string ckpt = Path.Combine(run, "checkpoint.bin");
        while (!File.Exists(ckpt) && clock.Elapsed < Limit && !p.HasExited) Thread.Sleep(20);
        Thread.Sleep(200); // move on past the first checkpoint, to an arbitrary step
        Assert.False(p.HasExited, "the run finished before it could be interrupted; make it longer");
    }

    [Fact]
    public async Task KilledAndStoppedRunsResumeToTheSameSeriesBitForBit()
    {
        using var dir = new TempDirectory();
        string cfg = TinyExperiment.Write(dir, Config);
        var (e0, _, err0) = NdkProcess.Run(dir.Path, Limit, "run", cfg, "--out", "whole", "--quiet");
        Assert.True(e0 == 0, err0);
        string expected = File.ReadAllText(dir.File("whole/series.csv"));

        // SIGKILL: no chance to clean up; the last atomic checkpoint survives.
        using (var p = NdkProcess.Start(dir.Path, "run", cfg, "--out", "killed", "--quiet"))
        {
            WaitForCheckpoint(dir.File("killed"), p);
            p.Kill();
            p.WaitForExit();
        }
        Assert.Contains("running", File.ReadAllText(dir.File("killed/status.json")));
        var (e1, _, err1) = NdkProcess.Run(dir.Path, Limit, "run", "--resume", "killed", "--quiet");
        Assert.True(e1 == 0, err1);
        Assert.Equal(expected, File.ReadAllText(dir.File("killed/series.csv")));

        // SIGTERM: stops at a step boundary, writes a checkpoint and a partial report, says how to resume.
        using (var p = NdkProcess.Start(dir.Path, "run", cfg, "--out", "stopped", "--quiet"))
        {
            var stderr = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            WaitForCheckpoint(dir.File("stopped"), p);
            Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();
            Assert.True(p.WaitForExit(Limit));
            Assert.Equal(130, p.ExitCode);
            Assert.Contains("Resume with: ndk run --resume stopped", await stderr);
        }
        Assert.Contains("interrupted", File.ReadAllText(dir.File("stopped/status.json")));
        if (File.Exists(dir.File("stopped/report.md")))
            Assert.Contains("INCOMPLETE", File.ReadAllText(dir.File("stopped/report.md")));
        var (e2, _, err2) = NdkProcess.Run(dir.Path, Limit, "run", "--resume", "stopped", "--quiet");
        Assert.True(e2 == 0, err2);
        Assert.Contains("completed", File.ReadAllText(dir.File("stopped/status.json")));
        Assert.Equal(expected, File.ReadAllText(dir.File("stopped/series.csv")));
        Assert.DoesNotContain("INCOMPLETE", File.ReadAllText(dir.File("stopped/report.md")));
    }
}
