using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Ndk.Host.Comparison;
using Ndk.Host.Data;
using Ndk.Host.Experiments;
using Ndk.Host.Reports;
using Ndk.Host.Theory;

namespace Ndk.Host.Cli;

/// <summary>`ndk theory CONFIG --out DIR`: the theory alone (the config's simulation parts are ignored).</summary>
public static class TheoryCommand
{
    public static Command Build()
    {
        var config = new Argument<string>("config") { Description = "Experiment config (JSON), the same one `ndk run` reads" };
        var output = new Option<string>("--out") { Description = "Output directory for theory.csv, limits.csv and points.csv (labels)", Required = true };
        var set = new Option<string[]>("--set") { Description = "Override a config field (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var force = new Option<bool>("--force") { Description = "Overwrite theory.csv, limits.csv and points.csv (labels) if present" };
        var cmd = new Command("theory", "Write the NDK theory's mean and variance over time, and its limits, for a config") { config, output, set, force };
        cmd.SetAction(r => CommandErrors.Guard(() => Run(r.GetValue(config)!, r.GetValue(output)!, r.GetValue(set) ?? [], r.GetValue(force))));
        return cmd;
    }

    static int Run(string configPath, string dir, string[] sets, bool force)
    {
        var c = ConfigReader.ReadFile(configPath, sets);
        string theoryCsv = Path.Combine(dir, "theory.csv"), limitsCsv = Path.Combine(dir, "limits.csv");
        if (!force && (File.Exists(theoryCsv) || File.Exists(limitsCsv)))
            throw new ConfigException($"{dir}: theory.csv or limits.csv exists; pass --force to overwrite");
        var data = DatasetBuilder.Build(c.Data, Path.GetDirectoryName(Path.GetFullPath(configPath))!);
        var spec = ExperimentSetup.Theory(c);
        var schedule = RecordSchedule.Build(c.Record, c.Dynamics);
        var clock = Stopwatch.StartNew();
        var limits = KernelLimits.Compute(spec, data.TrainX, data.TrainY, data.TestX);
        var th = NdkTheory.Predict(spec, data.TrainX, data.TrainY, data.TestX, schedule.Times,
            new TheoryOptions(ComputeVariance: c.Theory.Variance, TMax: c.Dynamics.TMax ?? schedule.Times[^1]));
        foreach (var w in limits.Warnings.Concat(th.Warnings)) Console.Error.WriteLine($"warning: {w}");
        Directory.CreateDirectory(dir);

        var sb = new StringBuilder("t,split,point,theory_mean,theory_var\n");
        for (int r = 0; r < th.Times.Length; r++)
        {
            for (int i = 0; i < th.TrainMean[r].Length; i++)
                sb.Append($"{Csv.Num(th.Times[r])},train,{i},{Csv.Num(th.TrainMean[r][i])},{Csv.Num(th.TrainVariance?[r][i] ?? double.NaN)}\n");
            for (int i = 0; i < th.TestMean[r].Length; i++)
                sb.Append($"{Csv.Num(th.Times[r])},test,{i},{Csv.Num(th.TestMean[r][i])},{Csv.Num(th.TestVariance?[r][i] ?? double.NaN)}\n");
        }
        AtomicFile.WriteText(theoryCsv, sb.ToString());

        var lb = new StringBuilder("split,point,ntk_interpolant,equilibrium\n");
        for (int i = 0; i < limits.NtkInterpolantTrain.Length; i++)
            lb.Append($"train,{i},{Csv.Num(limits.NtkInterpolantTrain[i])},{Csv.Num(limits.EquilibriumTrain[i])}\n");
        for (int i = 0; i < limits.NtkInterpolantTest.Length; i++)
            lb.Append($"test,{i},{Csv.Num(limits.NtkInterpolantTest[i])},{Csv.Num(limits.EquilibriumTest[i])}\n");
        AtomicFile.WriteText(limitsCsv, lb.ToString());
        var pb = new StringBuilder("split,point,label\n");
        for (int i = 0; i < data.TrainY.Length; i++) pb.Append($"train,{i},{Csv.Num(data.TrainY[i])}\n");
        for (int i = 0; i < data.TestY.Length; i++) pb.Append($"test,{i},{Csv.Num(data.TestY[i])}\n");
        AtomicFile.WriteText(Path.Combine(dir, "points.csv"), pb.ToString());
        if (data.TestY.Length > 0)
        {
            var errors = th.TestMean.Select(f => EnsembleComparison.SignError(f, data.TestY)).ToArray();
            int best = Array.IndexOf(errors, errors.Min());
            Console.WriteLine($"test error of the mean predictor: {errors[0]:P1} at t = {th.Times[0]:G3}, {errors[^1]:P1} at t = {th.Times[^1]:G3}, " +
                $"lowest {errors[best]:P1} first at t = {th.Times[best]:G3}; NTK interpolant {EnsembleComparison.SignError(limits.NtkInterpolantTest, data.TestY):P1}, " +
                $"equilibrium {EnsembleComparison.SignError(limits.EquilibriumTest, data.TestY):P1}");
        }
        Console.WriteLine($"theory: {data.TrainX.Length} train and {data.TestX.Length} test points, {th.Times.Length} record times, grid of {th.GridSize} times, {clock.Elapsed.TotalSeconds:F1} s -> {theoryCsv}, {limitsCsv}");
        return 0;
    }
}
