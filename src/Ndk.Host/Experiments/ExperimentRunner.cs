using System.Diagnostics;
using Ndk.Gpu;
using Ndk.Gpu.Statistics;
using Ndk.Host.Cli;
using Ndk.Host.Comparison;
using Ndk.Host.Data;
using Ndk.Host.Reports;
using Ndk.Host.Theory;

namespace Ndk.Host.Experiments;

/// <summary>`ndk run`: simulate the ensemble, solve the theory at the same times and points, compare, report.</summary>
public sealed class ExperimentRunner(RunOptions options, Func<string, Action<string>, IEnsembleBackend> openBackend)
{
    public const int ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitInterrupted = 130;

    readonly List<string> _warnings = [];

    void Warn(string message)
    {
        _warnings.Add(message);
        Console.Error.WriteLine($"warning: {message}");
    }

    void Say(string message) { if (!options.Quiet) Console.Error.WriteLine(message); }

    public int Run(CancellationToken cancel)
    {
        var (config, configText, baseDir, dir, resume) = Prepare();
        string configHash = Checkpoint.HashConfig(configText);
        RunStatus.Write(dir, "running");
        try
        {
            return Execute(config, configHash, baseDir, dir, resume, cancel);
        }
        catch (Exception e) when (e is ConfigException or DataException)
        {
            RunStatus.Write(dir, "failed", e.Message);
            throw;
        }
        catch (Exception e)
        {
            RunStatus.Write(dir, "failed", e.Message);
            throw;
        }
    }

    (ExperimentConfig Config, string ConfigText, string BaseDir, string Dir, bool Resume) Prepare()
    {
        if (options.ResumeDir is string rd)
        {
            string cfgPath = Path.Combine(rd, "config.json");
            if (!File.Exists(cfgPath)) throw new ConfigException($"{rd}: not a run directory (no config.json)");
            if (!File.Exists(Path.Combine(rd, "checkpoint.bin"))) throw new ConfigException($"{rd}: no checkpoint.bin to resume from");
            var cfg = ConfigReader.ReadFile(cfgPath);
            string baseDirOfRun = File.Exists(Path.Combine(rd, "base-directory.txt")) ? File.ReadAllText(Path.Combine(rd, "base-directory.txt")).Trim() : rd;
            return (cfg, File.ReadAllText(cfgPath), baseDirOfRun, rd, true);
        }

        var sets = options.Sets.ToList();
        if (options.Device != null) sets.Add($"device={options.Device}");
        ExperimentConfig config = options.ConfigPath is string path
            ? ConfigReader.ReadFile(path, sets)
            : ConfigReader.Parse(EmbeddedDefault.Json(), $"(embedded default {EmbeddedDefault.Name})", sets);
        string baseDir = Path.GetFullPath(options.ConfigPath is string p ? Path.GetDirectoryName(Path.GetFullPath(p))! : Directory.GetCurrentDirectory());
        string dir = options.OutDir ?? Path.Combine("runs", $"{config.Name}-{DateTime.Now:yyyyMMdd-HHmmss}");
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            if (!options.Force)
                throw new ConfigException($"{dir}: the output directory exists and is not empty; choose another --out, resume it with --resume {dir}, or pass --force to replace it");
            foreach (var f in new[] { "checkpoint.bin", "series.csv", "summary.json", "report.md", "status.json", "members.bin" })
                File.Delete(Path.Combine(dir, f));
        }
        Directory.CreateDirectory(dir);
        string text = ConfigWriter.ToJson(config);
        AtomicFile.WriteText(Path.Combine(dir, "config.json"), text);
        AtomicFile.WriteText(Path.Combine(dir, "base-directory.txt"), baseDir + "\n");
        return (config, text, baseDir, dir, false);
    }

    int Execute(ExperimentConfig config, string configHash, string baseDir, string dir, bool resume, CancellationToken cancel)
    {
        var schedule = RecordSchedule.Build(config.Record, config.Dynamics);
        var data = DatasetBuilder.Build(config.Data, baseDir);
        Say($"ndk run {config.Name}: {data.Description}; {config.Network.Activation} L={config.Network.Depth} N={config.Network.Width}, " +
            $"E={config.Ensemble.Size}{(config.Ensemble.Antithetic ? " (antithetic pairs)" : "")}, T={config.Dynamics.Temperature}, " +
            $"dt={config.Dynamics.Dt}, t up to {schedule.Times[^1]} ({schedule.Steps[^1]} steps) -> {dir}");

        var spec = ExperimentSetup.Theory(config);
        var limits = KernelLimits.Compute(spec, data.TrainX, data.TrainY, data.TestX);
        foreach (var w in limits.Warnings) Warn(w);
        CheckStability(config.Dynamics.Dt, limits.NtkLambdaMax);

        var setup = ExperimentSetup.Simulation(config, data);
        using var backend = openBackend(config.Device, Warn);
        Say($"backend: {backend.Name} ({backend.Description})");
        using var sim = backend.Create(setup);

        var stats = new EnsembleStatistics(schedule.Steps, setup.TrainCount, setup.PointCount, config.Ensemble.Antithetic);
        List<double[]>? members = config.Output.MemberOutputs ? [] : null;
        int nextRecord = 0;
        string ckptPath = Path.Combine(dir, "checkpoint.bin");
        if (resume)
        {
            var ck = Checkpoint.Read(ckptPath, configHash);
            sim.ImportState(ck.State);
            stats = ck.Statistics;
            if (members != null) members = ck.MemberOutputs;
            nextRecord = ck.NextRecord;
            Say($"resuming at step {ck.State.Step} (record {nextRecord} of {schedule.Steps.Length})");
        }

        var clock = Stopwatch.StartNew();
        long startStep = sim.Step;
        var bar = new ProgressBar("simulating", schedule.Steps[^1], options.Quiet);
        var lastCheckpoint = Stopwatch.StartNew();
        void WriteCheckpoint(int next) => Checkpoint.Write(ckptPath, new Checkpoint
        {
            ConfigHash = configHash, NextRecord = next, Statistics = stats, MemberOutputs = members ?? [], State = sim.ExportState(),
        });
        var driver = new SimulationDriver(sim, schedule, stats, setup.TrainLabels)
        {
            MemberOutputs = members,
            Progress = bar.Report,
            AtBoundary = next =>
            {
                if (config.Output.CheckpointMinutes > 0 && lastCheckpoint.Elapsed.TotalMinutes >= config.Output.CheckpointMinutes)
                {
                    WriteCheckpoint(next);
                    lastCheckpoint.Restart();
                }
            },
        };
        int done;
        try { done = driver.Run(nextRecord, cancel); }
        catch (DivergenceException e)
        {
            bar.Done();
            double safe = 0.2 / limits.NtkLambdaMax;
            string msg = $"{e.Message}. dt * lambda_max = {config.Dynamics.Dt * limits.NtkLambdaMax:G3} (lambda_max = {limits.NtkLambdaMax:G4}, " +
                $"the largest NTK eigenvalue on the training set; stability needs < 2, tracking the theory needs about <= 0.2): try dynamics.dt = {safe:G2}";
            var partial = stats;
            WritePartial(config, schedule, data, spec, limits, stats, members, dir, backend.Name, clock.Elapsed.TotalSeconds, sim.Step - startStep, RecordsDone(stats));
            RunStatus.Write(dir, "failed", msg);
            Console.Error.WriteLine($"error: {msg}");
            return ExitFailed;
        }
        bar.Done();
        double simSeconds = clock.Elapsed.TotalSeconds;
        if (done < schedule.Steps.Length)
        {
            WriteCheckpoint(done);
            WritePartial(config, schedule, data, spec, limits, stats, members, dir, backend.Name, simSeconds, sim.Step - startStep, done);
            string cmd = $"ndk run --resume {dir}";
            RunStatus.Write(dir, "interrupted", $"stopped at step {sim.Step} of {schedule.Steps[^1]}", cmd);
            Console.Error.WriteLine($"interrupted at step {sim.Step} of {schedule.Steps[^1]}; checkpoint written. Resume with: {cmd}");
            return ExitInterrupted;
        }
        WriteCheckpoint(done);
        Say($"simulated {sim.Step - startStep} steps in {simSeconds:F1} s ({(sim.Step - startStep) / Math.Max(simSeconds, 1e-9):F1} steps/s)");

        var result = Finish(config, schedule, data, spec, limits, stats, members, dir, backend.Name, simSeconds, sim.Step - startStep, done, cancel);
        RunStatus.Write(dir, "completed", result.Summary.Verdict.Line);
        Console.WriteLine(result.Summary.Verdict.Line);
        Console.WriteLine($"report: {Path.Combine(dir, "report.md")}");
        return ExitOk;
    }

    static int RecordsDone(EnsembleStatistics s) => Enumerable.Range(0, s.RecordCount).TakeWhile(r => s.Count[r] > 0).Count();

    void CheckStability(double dt, double lambdaMax)
    {
        double x = dt * lambdaMax;
        if (x >= 2)
            throw new ConfigException($"dynamics.dt = {dt}: dt * lambda_max = {x:G3} >= 2 (lambda_max = {lambdaMax:G4}, the largest NTK eigenvalue on the training set), " +
                $"so gradient descent diverges; use dt <= {0.2 / lambdaMax:G2} (dt * lambda_max <= 0.2 tracks the continuous theory)");
        if (x > 0.2)
            Warn($"dt * lambda_max = {x:G3} > 0.2 (lambda_max = {lambdaMax:G4}): the discrete steps may not track the continuous-time theory; consider dt <= {0.2 / lambdaMax:G2}");
    }

    void WritePartial(ExperimentConfig config, RecordSchedule schedule, Dataset data, TheorySpec spec, LimitPrediction limits,
        EnsembleStatistics stats, List<double[]>? members, string dir, string backend, double simSeconds, long steps, int done)
    {
        if (done == 0) return;
        try { Finish(config, schedule, data, spec, limits, stats, members, dir, backend, simSeconds, steps, done, CancellationToken.None); }
        catch (Exception e) { Warn($"could not write the partial report: {e.Message}"); }
    }

    RunResult Finish(ExperimentConfig config, RecordSchedule schedule, Dataset data, TheorySpec spec, LimitPrediction limits,
        EnsembleStatistics stats, List<double[]>? members, string dir, string backend, double simSeconds, long steps, int done,
        CancellationToken cancel)
    {
        Say("solving the theory...");
        var clock = Stopwatch.StartNew();
        var times = schedule.Times[..done];
        var theory = NdkTheory.Predict(spec, data.TrainX, data.TrainY, data.TestX, times,
            new TheoryOptions(ComputeVariance: config.Theory.Variance, TMax: times[^1]), cancel);
        foreach (var w in theory.Warnings) Warn(w);
        double theorySeconds = clock.Elapsed.TotalSeconds;

        int p = data.TrainX.Length, q = data.TestX.Length;
        SplitSeries Series(string split, int offset, int count, double[] labels, double[][] thMean, double[][]? thVar) => new(
            split, labels,
            Enumerable.Range(0, done).Select(r => Enumerable.Range(0, count).Select(i => stats.Mean(r, offset + i)).ToArray()).ToArray(),
            Enumerable.Range(0, done).Select(r => Enumerable.Range(0, count).Select(i => stats.StandardError(r, offset + i)).ToArray()).ToArray(),
            Enumerable.Range(0, done).Select(r => Enumerable.Range(0, count).Select(i => stats.Variance(r, offset + i)).ToArray()).ToArray(),
            thMean, thVar);
        var train = Series("train", 0, p, data.TrainY, theory.TrainMean, theory.TrainVariance);
        var test = Series("test", p, q, data.TestY, theory.TestMean, theory.TestVariance);
        var (rows, summary) = EnsembleComparison.Compare(times, train, test);

        var result = new RunResult
        {
            Config = config, Schedule = schedule, Times = times, Data = data, Train = train, Test = test, Rows = rows, Summary = summary, Limits = limits,
            MemberLoss = Enumerable.Range(0, done).Select(stats.MeanLoss).ToArray(),
            NtkTestError = EnsembleComparison.SignError(limits.NtkInterpolantTest, data.TestY),
            EquilibriumTestError = EnsembleComparison.SignError(limits.EquilibriumTest, data.TestY),
            Backend = backend, SimulationSeconds = simSeconds, TheorySeconds = theorySeconds, StepsSimulated = steps,
            TheoryGridSize = theory.GridSize, Warnings = _warnings.ToList(), Complete = done == schedule.Steps.Length, RecordsDone = done,
        };
        SeriesCsv.Write(Path.Combine(dir, "series.csv"), rows);
        if (members != null) MemberOutputsFile.Write(Path.Combine(dir, "members.bin"), members, stats.PointCount, config.Ensemble.Size, times);
        var figures = Figures.WriteAll(dir, result);
        SummaryJson.Write(Path.Combine(dir, "summary.json"), result);
        ReportMarkdown.Write(Path.Combine(dir, "report.md"), result, figures);
        return result;
    }
}
