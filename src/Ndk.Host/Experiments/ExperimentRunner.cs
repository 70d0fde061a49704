using System.Diagnostics;
using Ndk.Gpu;
using Ndk.Gpu.Statistics;
using Ndk.Host.Cli;
using Ndk.Host.Data;
using Ndk.Host.Reports;
using Ndk.Host.Theory;

namespace Ndk.Host.Experiments;

/// <summary>
/// `ndk run`: simulate the ensemble (or one shard of it), solve the theory at the same times and points,
/// compare, report. Stops cleanly on a signal with a checkpoint; `--resume` continues bit for bit.
/// </summary>
public sealed class ExperimentRunner(RunOptions options, Func<string, Action<string>, IEnsembleBackend> openBackend)
{
    public const int ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitInterrupted = 130;
    const string CheckpointName = "checkpoint.bin", ShardName = "shard.txt", BaseDirName = "base-directory.txt";

    readonly List<string> _warnings = [];

    void Warn(string message) => RunReport.Warn(_warnings, message);
    void Say(string message) { if (!options.Quiet) Console.Error.WriteLine(message); }

    public int Run(CancellationToken cancel)
    {
        if (options.ResumeDir is string done && RunStatus.IsCompleted(done))
        {
            Console.Error.WriteLine($"{done}: the run is already complete; its report is {Path.Combine(done, "report.md")} (nothing to resume)");
            return ExitOk;
        }
        var run = Prepare();
        RunStatus.Write(run.Dir, "running");
        try
        {
            return Execute(run, cancel);
        }
        catch (Exception e)
        {
            RunStatus.Write(run.Dir, "failed", e.Message);
            throw;
        }
    }

    sealed record PreparedRun(ExperimentConfig Config, string ConfigHash, string BaseDir, string Dir, ShardSpec Shard, bool Resume);

    /// <summary>The run's identity: the resolved config and the shard; a checkpoint or shard file of another identity is refused.</summary>
    public static string Identity(string resolvedConfig, ShardSpec shard) => Checkpoint.HashConfig(resolvedConfig + "\nshard " + shard);

    PreparedRun Prepare()
    {
        if (options.ResumeDir is string rd)
        {
            string cfgPath = Path.Combine(rd, "config.json");
            if (!File.Exists(cfgPath)) throw new ConfigException($"{rd}: not a run directory (no config.json)");
            if (!File.Exists(Path.Combine(rd, CheckpointName))) throw new ConfigException($"{rd}: no {CheckpointName} to resume from");
            string text = File.ReadAllText(cfgPath);
            var cfg = ConfigReader.Parse(text, cfgPath);
            var shard = File.Exists(Path.Combine(rd, ShardName)) ? ShardSpec.Parse(File.ReadAllText(Path.Combine(rd, ShardName)).Trim()) : ShardSpec.Whole;
            string baseDir = File.Exists(Path.Combine(rd, BaseDirName)) ? File.ReadAllText(Path.Combine(rd, BaseDirName)).Trim() : rd;
            return new PreparedRun(cfg, Identity(text, shard), baseDir, rd, shard, true);
        }

        var sets = options.Sets.ToList();
        if (options.Device != null) sets.Add($"device={options.Device}");
        ExperimentConfig config = options.ConfigPath is string path
            ? ConfigReader.ReadFile(path, sets)
            : ConfigReader.Parse(EmbeddedDefault.Json(), $"(embedded default {EmbeddedDefault.Name})", sets);
        var shardSpec = options.Shard ?? ShardSpec.Whole;
        shardSpec.Members(config.Ensemble.Size, config.Ensemble.Antithetic); // validates the shard against the ensemble
        string baseDirectory = Path.GetFullPath(options.ConfigPath is string p ? Path.GetDirectoryName(Path.GetFullPath(p))! : Directory.GetCurrentDirectory());
        string suffix = shardSpec.Count > 1 ? $"-shard{shardSpec.Index}of{shardSpec.Count}" : "";
        string dir = options.OutDir ?? Path.Combine("runs", $"{config.Name}-{DateTime.Now:yyyyMMdd-HHmmss}{suffix}");
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            if (!options.Force)
                throw new ConfigException($"{dir}: the output directory exists and is not empty; choose another --out, resume it with --resume {dir}, or pass --force to replace it");
            foreach (var f in Directory.EnumerateFiles(dir)) File.Delete(f);
        }
        Directory.CreateDirectory(dir);
        string resolved = ConfigWriter.ToJson(config);
        AtomicFile.WriteText(Path.Combine(dir, "config.json"), resolved);
        AtomicFile.WriteText(Path.Combine(dir, BaseDirName), baseDirectory + "\n");
        if (shardSpec.Count > 1) AtomicFile.WriteText(Path.Combine(dir, ShardName), shardSpec + "\n");
        return new PreparedRun(config, Identity(resolved, shardSpec), baseDirectory, dir, shardSpec, false);
    }

    int Execute(PreparedRun run, CancellationToken cancel)
    {
        var (config, identity, dir) = (run.Config, run.ConfigHash, run.Dir);
        var schedule = RecordSchedule.Build(config.Record, config.Dynamics);
        var data = DatasetBuilder.Build(config.Data, run.BaseDir);
        var (first, size) = run.Shard.Members(config.Ensemble.Size, config.Ensemble.Antithetic);
        string members = run.Shard.Count > 1 ? $"members {first}..{first + size - 1} of {config.Ensemble.Size} (shard {run.Shard})" : $"E={config.Ensemble.Size}";
        Say($"ndk run {config.Name}: {data.Description}; {config.Network.Activation} L={config.Network.Depth} N={config.Network.Width}, " +
            $"{members}{(config.Ensemble.Antithetic ? " in antithetic pairs" : "")}, T={config.Dynamics.Temperature}, " +
            $"dt={config.Dynamics.Dt}, t up to {schedule.Times[^1]:G4} ({schedule.Steps[^1]} steps) -> {dir}");

        var spec = ExperimentSetup.Theory(config);
        double lambdaMax = KernelLimits.NtkLambdaMax(spec, data.TrainX);
        CheckStability(config.Dynamics.Dt, lambdaMax);

        var setup = ExperimentSetup.Simulation(config, data, first, size);
        using var backend = openBackend(config.Device, Warn);
        Say($"backend: {backend.Name} ({backend.Description})");
        MemoryFit.Ensure(backend, setup);
        using var sim = backend.Create(setup);

        var stats = new EnsembleStatistics(schedule.Steps, setup.TrainCount, setup.PointCount, config.Ensemble.Antithetic);
        List<double[]>? memberOutputs = config.Output.MemberOutputs ? [] : null;
        int nextRecord = 0;
        string ckptPath = Path.Combine(dir, CheckpointName);
        if (run.Resume)
        {
            var ck = Checkpoint.Read(ckptPath, identity);
            sim.ImportState(ck.State);
            stats = ck.Statistics;
            if (memberOutputs != null) memberOutputs = ck.MemberOutputs;
            nextRecord = ck.NextRecord;
            Say($"resuming at step {ck.State.Step} (record {nextRecord} of {schedule.Steps.Length})");
        }

        var clock = Stopwatch.StartNew();
        long startStep = sim.Step;
        var bar = new ProgressBar("simulating", schedule.Steps[^1], options.Quiet);
        var sinceCheckpoint = Stopwatch.StartNew();
        void WriteCheckpoint(int next) => Checkpoint.Write(ckptPath, new Checkpoint
        {
            ConfigHash = identity, NextRecord = next, Statistics = stats, MemberOutputs = memberOutputs ?? [], State = sim.ExportState(),
        });
        var driver = new SimulationDriver(sim, schedule, stats, setup.TrainLabels)
        {
            MemberOutputs = memberOutputs,
            Progress = bar.Report,
            AtBoundary = next =>
            {
                if (config.Output.CheckpointMinutes > 0 && sinceCheckpoint.Elapsed.TotalMinutes >= config.Output.CheckpointMinutes)
                {
                    WriteCheckpoint(next);
                    sinceCheckpoint.Restart();
                }
            },
        };

        int done;
        try { done = driver.Run(nextRecord, cancel); }
        catch (DivergenceException e)
        {
            bar.Done();
            string msg = $"{e.Message}. dt * lambda_max = {config.Dynamics.Dt * lambdaMax:G3} (lambda_max = {lambdaMax:G4}, the largest NTK " +
                $"eigenvalue on the training set; stability needs < 2, tracking the theory about <= 0.2): try dynamics.dt = {0.2 / lambdaMax:G2}";
            int recorded = Enumerable.Range(0, stats.RecordCount).TakeWhile(r => stats.Count[r] > 0).Count();
            if (run.Shard.Count == 1) WritePartial(config, schedule, data, spec, stats, memberOutputs, dir, backend.Name, clock.Elapsed.TotalSeconds, sim.Step - startStep, recorded);
            RunStatus.Write(dir, "failed", msg);
            Console.Error.WriteLine($"error: {msg}");
            return ExitFailed;
        }
        bar.Done();
        double simSeconds = clock.Elapsed.TotalSeconds;
        long stepsDone = sim.Step - startStep;
        WriteCheckpoint(done);
        if (done < schedule.Steps.Length)
        {
            if (run.Shard.Count == 1) WritePartial(config, schedule, data, spec, stats, memberOutputs, dir, backend.Name, simSeconds, stepsDone, done);
            string cmd = $"ndk run --resume {dir}";
            RunStatus.Write(dir, "interrupted", $"stopped at step {sim.Step} of {schedule.Steps[^1]}", cmd);
            Console.Error.WriteLine($"interrupted at step {sim.Step} of {schedule.Steps[^1]}; checkpoint written. Resume with: {cmd}");
            return ExitInterrupted;
        }
        Say($"simulated {stepsDone} steps in {simSeconds:F1} s ({stepsDone / Math.Max(simSeconds, 1e-9):F1} steps/s)");
        new ShardFile(identity, run.Shard, first, size, stats).Write(Path.Combine(dir, ShardFile.FileName));
        if (run.Shard.Count > 1)
        {
            RunStatus.Write(dir, "completed", $"shard {run.Shard}: members {first}..{first + size - 1}");
            Console.WriteLine($"shard {run.Shard} done: {dir} (merge all shards with `ndk merge DIR... --out DIR`)");
            return ExitOk;
        }
        RunResult result;
        try
        {
            result = RunReport.Write(config, schedule, data, spec, stats, memberOutputs, dir, backend.Name, simSeconds, stepsDone,
                schedule.Steps.Length, _warnings, Say, cancel);
        }
        catch (OperationCanceledException)
        {
            // Stopped while solving the theory: the simulation is complete in the checkpoint; resuming only redoes the report.
            string cmd = $"ndk run --resume {dir}";
            RunStatus.Write(dir, "interrupted", "stopped while solving the theory; the simulation is complete", cmd);
            Console.Error.WriteLine($"interrupted while solving the theory; the simulation is saved. Resume with: {cmd}");
            return ExitInterrupted;
        }
        RunStatus.Write(dir, "completed", result.Summary.Verdict.Line);
        Console.WriteLine(result.Summary.Verdict.Line);
        Console.WriteLine($"report: {Path.Combine(dir, "report.md")}");
        return ExitOk;
    }

    void CheckStability(double dt, double lambdaMax)
    {
        double x = dt * lambdaMax;
        if (x >= 2)
            throw new ConfigException($"dynamics.dt = {dt}: dt * lambda_max = {x:G3} >= 2 (lambda_max = {lambdaMax:G4}, the largest NTK eigenvalue on the training set), " +
                $"so gradient descent diverges; use dt <= {0.2 / lambdaMax:G2} (dt * lambda_max <= 0.2 tracks the continuous theory)");
        if (x > 0.2)
            Warn($"dt * lambda_max = {x:G3} > 0.2 (lambda_max = {lambdaMax:G4}): the discrete steps may not track the continuous-time theory; consider dt <= {0.2 / lambdaMax:G2}");
    }

    void WritePartial(ExperimentConfig config, RecordSchedule schedule, Dataset data, TheorySpec spec,
        EnsembleStatistics stats, List<double[]>? members, string dir, string backend, double simSeconds, long steps, int done)
    {
        if (done == 0) return;
        try { RunReport.Write(config, schedule, data, spec, stats, members, dir, backend, simSeconds, steps, done, _warnings, Say, CancellationToken.None); }
        catch (Exception e) { Warn($"could not write the partial report: {e.Message}"); }
    }
}
