using System.CommandLine;
using Ndk.Host.Data;
using Ndk.Host.Drift;
using Ndk.Host.Experiments;
using Ndk.Host.Reports;

namespace Ndk.Host.Cli;

/// <summary>`ndk drift CONFIG [--out DIR] [--set ...]`: representational drift, simulated and predicted (MODEL.md sec 7).</summary>
public static class DriftCommand
{
    public static Command Build()
    {
        var config = new Argument<string>("config") { Description = "Experiment config (JSON) with a drift section" };
        var output = new Option<string?>("--out") { Description = "Output directory (default: runs/<name>-drift-<time>)" };
        var set = new Option<string[]>("--set") { Description = "Override a config field, e.g. --set drift.freezeTime=5 (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var force = new Option<bool>("--force") { Description = "Replace the outputs of an existing directory" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output" };
        var cmd = new Command("drift", "Measure representational drift (population-vector correlations, frozen readout) and compare it with the theory")
        {
            config, output, set, force, quiet,
        };
        cmd.SetAction(r => CommandErrors.Guard(() =>
            Run(r.GetValue(config)!, r.GetValue(output), r.GetValue(set) ?? [], r.GetValue(force), r.GetValue(quiet))));
        return cmd;
    }

    static int Run(string configPath, string? outDir, string[] sets, bool force, bool quiet)
    {
        var c = ConfigReader.ReadFile(configPath, sets);
        if (c.Drift == null) throw new ConfigException($"{configPath}: no drift section; `ndk drift` needs one (experiments/README.md)");
        string dir = outDir ?? Path.Combine("runs", $"{c.Name}-drift-{DateTime.Now:yyyyMMdd-HHmmss}");
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !force)
            throw new ConfigException($"{dir}: the output directory exists and is not empty; choose another --out or pass --force");
        Directory.CreateDirectory(dir);
        AtomicFile.WriteText(Path.Combine(dir, "config.json"), ConfigWriter.ToJson(c));
        var data = DatasetBuilder.Build(c.Data, Path.GetDirectoryName(Path.GetFullPath(configPath))!);
        using var interruption = new Interruption();
        using var backend = Backends.Open(c.Device, w => Console.Error.WriteLine($"warning: {w}"));
        var bar = new ProgressBar("drift", DriftPlan.Build(c).Records.TotalSteps, quiet);
        var result = DriftExperiment.Run(c, data, backend, bar.Report, interruption.Token);
        bar.Done();
        var figures = DriftFigures.WriteAll(dir, result);
        DriftReport.Write(dir, result, figures);
        foreach (var w in result.Warnings) Console.Error.WriteLine($"warning: {w}");
        static string Pct(double? v) => v is double x && !double.IsNaN(x) ? x.ToString("P1") : "no theory";
        var last = result.Accuracy[^1];
        Console.WriteLine($"drift {c.Name}: test read-out accuracy {result.Accuracy[0].SimTest:P1} at t = {result.Accuracy[0].Time:G4} -> {last.SimTest:P1} at t = {last.Time:G4} (theory {Pct(last.TheoryTest)})");
        if (result.LateWindow is { } lw)
            Console.WriteLine($"late window t >= {lw.From:G4} ({lw.Records} records): test read-out accuracy {lw.SimTest:P1} (theory at t -> infinity: {Pct(result.LongTimeLimit?.TestAccuracy)})");
        Console.WriteLine($"report: {Path.Combine(dir, "report.md")}");
        return 0;
    }
}
