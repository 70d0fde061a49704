using System.Globalization;
using System.Text;
using Ndk.Host.Reports;

namespace Ndk.Host.Drift;

/// <summary>Writes a drift run's rho.csv, frozen.csv, accuracy.csv and report.md.</summary>
public static class DriftReport
{
    public static void Write(string dir, DriftResult run, IReadOnlyList<string> figures)
    {
        var rho = new StringBuilder("t,tau,layer,sim_mean,sim_se,theory\n");
        foreach (var c in run.Correlations)
            rho.Append($"{Csv.Num(c.Sim.ReferenceTime)},{Csv.Num(c.Sim.Lag)},{c.Sim.Layer},{Csv.Num(c.Sim.Mean)},{Csv.Num(c.Sim.Se)},{Csv.Num(c.Theory)}\n");
        AtomicFile.WriteText(Path.Combine(dir, "rho.csv"), rho.ToString());

        var frozen = new StringBuilder("t,split,point,sim_mean,sim_se,theory\n");
        for (int r = 0; r < run.Times.Length; r++)
            foreach (var s in new[] { run.Train, run.Test })
                for (int i = 0; i < s.Labels.Length; i++)
                    frozen.Append($"{Csv.Num(run.Times[r])},{s.Split},{i},{Csv.Num(s.SimMean[r][i])},{Csv.Num(s.SimSe[r][i])},{Csv.Num(s.Theory[r][i])}\n");
        AtomicFile.WriteText(Path.Combine(dir, "frozen.csv"), frozen.ToString());

        var acc = new StringBuilder("t,sim_train,sim_test,theory_train,theory_test\n");
        foreach (var a in run.Accuracy)
            acc.Append($"{Csv.Num(a.Time)},{Csv.Num(a.SimTrain)},{Csv.Num(a.SimTest)},{Csv.Num(a.TheoryTrain)},{Csv.Num(a.TheoryTest)}\n");
        AtomicFile.WriteText(Path.Combine(dir, "accuracy.csv"), acc.ToString());

        AtomicFile.WriteText(Path.Combine(dir, "report.md"), Markdown(run, figures));
    }

    /// <summary>Largest |sim - theory| / SE over rows with a theory and a positive SE.</summary>
    public static double MaxZ(IEnumerable<(double Sim, double Se, double Theory)> rows) =>
        rows.Where(r => double.IsFinite(r.Theory) && r.Se > 0).Select(r => Math.Abs(r.Sim - r.Theory) / r.Se).DefaultIfEmpty(double.NaN).Max();

    static string Markdown(DriftResult run, IReadOnlyList<string> figures)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append($"# ndk drift: {run.Name}\n\n{run.Description}\n\n");
        sb.Append($"Protocol: {run.Protocol}{(run.FreezeTime is double t0 ? $", t0 = {t0.ToString("G6", inv)}" : "")}. ");
        sb.Append($"Probe points (test indices): {string.Join(", ", run.Probes)}. Backend {run.Backend}; simulation {run.SimSeconds:F1} s, theory {run.TheorySeconds:F1} s.\n\n");

        sb.Append("## Population-vector correlation\n\n");
        double zRho = MaxZ(run.Correlations.Where(c => c.Sim.Lag > 0).Select(c => (c.Sim.Mean, c.Sim.Se, c.Theory)));
        sb.Append($"Largest |sim - theory| / SE over {run.Correlations.Count(c => c.Sim.Lag > 0)} (reference, lag, layer) rows: {zRho.ToString("F2", inv)}.\n\n");
        sb.Append("| t | tau | layer | simulation | SE | theory |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var g in run.Correlations.Where(c => c.Sim.Lag > 0).GroupBy(c => (c.Sim.ReferenceTime, c.Sim.Layer)))
        {
            var rows = g.OrderBy(c => c.Sim.Lag).ToArray();
            foreach (var c in new[] { rows[0], rows[rows.Length / 2], rows[^1] }.Distinct())
                sb.Append($"| {c.Sim.ReferenceTime.ToString("G4", inv)} | {c.Sim.Lag.ToString("G4", inv)} | {c.Sim.Layer} | {c.Sim.Mean.ToString("F4", inv)} | {c.Sim.Se.ToString("F4", inv)} | {c.Theory.ToString("F4", inv)} |\n");
        }

        sb.Append("\n## Mean predictor and read-out\n\n");
        double zMean = MaxZ(Enumerable.Range(0, run.Times.Length).SelectMany(r =>
            Enumerable.Range(0, run.Test.Labels.Length).Select(i => (run.Test.SimMean[r][i], run.Test.SimSe[r][i], run.Test.Theory[r][i]))));
        sb.Append($"Largest |sim - theory| / SE of the test mean predictor over all record times: {zMean.ToString("F2", inv)}.\n\n");
        sb.Append("| t | train acc (sim) | test acc (sim) | test acc (theory) |\n| --- | --- | --- | --- |\n");
        foreach (var a in run.Accuracy)
            sb.Append($"| {a.Time.ToString("G5", inv)} | {a.SimTrain.ToString("P1", inv)} | {a.SimTest.ToString("P1", inv)} | {(double.IsNaN(a.TheoryTest) ? "–" : a.TheoryTest.ToString("P1", inv))} |\n");
        sb.Append($"\nEquilibrium (GP posterior mean) read-out accuracy on test: {run.EquilibriumTestAccuracy.ToString("P1", inv)}.\n");
        if (run.LongTimeLimit is { } lim)
            sb.Append($"Frozen readout, t -> infinity (K_mean^L only): read-out accuracy on test {lim.TestAccuracy.ToString("P1", inv)}.\n");
        if (run.LateWindow is { } lw)
            sb.Append($"Late window (simulated predictor averaged over the {lw.Records} records at t >= {lw.From.ToString("G4", inv)}, 10/gamma after t0): " +
                $"read-out accuracy on test {lw.SimTest.ToString("P1", inv)}; its theory is the t -> infinity line above.\n");
        foreach (var w in run.Warnings) sb.Append($"\nWarning: {w}\n");
        sb.Append('\n');
        foreach (var f in figures) sb.Append($"![{f}]({f})\n\n");
        return sb.ToString();
    }
}
