using System.Diagnostics;
using Ndk.Host.Tests.TestSupport;

namespace Ndk.Host.Tests.Cli;

/// <summary>Kill a running `ndk run` process (SIGKILL) or stop it (SIGTERM), resume it, and compare with an uninterrupted run.</summary>
public class ResumeTests
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    // About 20,000 steps of a small ensemble: long enough to be killed mid-run, with checkpoints every ~0.1 s.
    static string LongConfig => TinyExperiment.Json(tMax: 400, ensemble: 16, extra: "")
        .Replace("\"checkpointMinutes\": 0", "\"checkpointMinutes\": 0.002");

    static void WaitForCheckpoint(string run, Process p)
    {
        var clock = Stopwatch.StartNew();
        string ckpt = Path.Combine(run, "checkpoint.bin");
        while (!File.Exists(ckpt) && clock.Elapsed < Limit && !p.HasExited) Thread.Sleep(50);
        Thread.Sleep(300); // let it move on past the first checkpoint, to an arbitrary step
        Assert.False(p.HasExited, "the run finished before it could be interrupted; make it longer");
    }

    [Fact]
    public void AKilledRunResumesToTheSameSeriesBitForBit()
    {
        using var dir = new TempDirectory();
        string cfg = TinyExperiment.Write(dir, LongConfig);
        var (e0, _, err0) = NdkProcess.Run(dir.Path, Limit, "run", cfg, "--out", "whole", "--quiet");
        Assert.True(e0 == 0, err0);

        using (var p = NdkProcess.Start(dir.Path, "run", cfg, "--out", "killed", "--quiet"))
        {
            WaitForCheckpoint(dir.File("killed"), p);
            p.Kill(); // SIGKILL
            p.WaitForExit();
        }
        Assert.Contains("running", File.ReadAllText(dir.File("killed/status.json")));
        var (e1, _, err1) = NdkProcess.Run(dir.Path, Limit, "run", "--resume", "killed", "--quiet");
        Assert.True(e1 == 0, err1);
        Assert.Equal(File.ReadAllText(dir.File("whole/series.csv")), File.ReadAllText(dir.File("killed/series.csv")));
    }

    [Fact]
    public void SigtermStopsAtAStepBoundaryWithACheckpointAndThePartialReport()
    {
        using var dir = new TempDirectory();
        string cfg = TinyExperiment.Write(dir, LongConfig);
        using var p = NdkProcess.Start(dir.Path, "run", cfg, "--out", "stopped", "--quiet");
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        WaitForCheckpoint(dir.File("stopped"), p);
        Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();
        Assert.True(p.WaitForExit(Limit));
        Assert.Equal(130, p.ExitCode);
        Assert.Contains("ndk run --resume stopped", stderr.Result);
        Assert.Contains("interrupted", File.ReadAllText(dir.File("stopped/status.json")));
        Assert.Contains("INCOMPLETE", File.ReadAllText(dir.File("stopped/report.md")));
        var (e1, _, err1) = NdkProcess.Run(dir.Path, Limit, "run", "--resume", "stopped", "--quiet");
        Assert.True(e1 == 0, err1);
        Assert.Contains("completed", File.ReadAllText(dir.File("stopped/status.json")));
    }
}
