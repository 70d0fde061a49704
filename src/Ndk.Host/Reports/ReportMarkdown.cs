using System.Globalization;
using System.Text;
using Ndk.Host.Experiments;

namespace Ndk.Host.Reports;

/// <summary>report.md: what a person reads first — what ran, the verdict and its criterion, a table, the figures.</summary>
public static class ReportMarkdown
{
    public static void Write(string path, RunResult run, IReadOnlyList<string> figures)
    {
        var c = run.Config;
        var s = run.Summary;
        var sb = new StringBuilder();
        string F(double v, string fmt = "G4") => double.IsFinite(v) ? v.ToString(fmt, CultureInfo.InvariantCulture) : "–";
        sb.AppendLine($"# {c.Name}{(run.Complete ? "" : " (INCOMPLETE: interrupted or failed; resume with `ndk run --resume <dir>`)")}");
        sb.AppendLine();
        sb.AppendLine($"**Verdict: {s.Verdict.Line}**");
        sb.AppendLine();
        sb.AppendLine($"Criterion: {Comparison.Verdict.Criterion} The verdict judges the mean predictor only; the variance is shown for comparison (its theory is solved on a coarser grid, see the warnings).");
        sb.AppendLine();
        sb.AppendLine("## What ran");
        sb.AppendLine();
        sb.AppendLine($"- Data: {run.Data.Description}");
        sb.AppendLine($"- Network: {c.Network.Activation}, depth L = {c.Network.Depth}, width N = {c.Network.Width}, N0 = {run.Data.InputDim}");
        sb.AppendLine($"- Dynamics: T = {c.Dynamics.Temperature}, sigma^2 = {c.Dynamics.Sigma2}, sigma0^2 = {c.Dynamics.Sigma02}, dt = {c.Dynamics.Dt} " +
                      $"(dt * lambda_max = {F(c.Dynamics.Dt * run.Limits.NtkLambdaMax, "G3")}), t up to {F(run.Times[^1])}");
        sb.AppendLine($"- Ensemble: {c.Ensemble.Size} networks{(c.Ensemble.Antithetic ? $" as {c.Ensemble.Size / 2} antithetic pairs (standard errors from pair means)" : "")}, seed {c.Ensemble.Seed}");
        sb.AppendLine($"- Backend: {run.Backend}; {run.StepsSimulated} steps in {F(run.SimulationSeconds, "F1")} s ({F(run.StepsSimulated / Math.Max(run.SimulationSeconds, 1e-9), "F1")} steps/s); theory in {F(run.TheorySeconds, "F1")} s on a grid of {run.TheoryGridSize} times");
        sb.AppendLine($"- Limits: test error of the NTK(sigma0) interpolant {F(run.NtkTestError, "P1")}, at equilibrium (GP posterior mean) {F(run.EquilibriumTestError, "P1")}");
        if (run.Warnings.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Warnings:");
            foreach (var w in run.Warnings) sb.AppendLine($"- {w}");
        }
        sb.AppendLine();
        sb.AppendLine("## Over time");
        sb.AppendLine();
        sb.AppendLine("| t | train loss sim | train loss theory | test error sim | test error theory | max \\|z\\| at t | RMS(sim - theory) |");
        sb.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int r = 0; r < run.Times.Length; r++)
        {
            var at = run.Rows.Where(x => x.T == run.Times[r]).ToList();
            double maxZ = at.Where(x => double.IsFinite(x.Z)).Select(x => Math.Abs(x.Z)).DefaultIfEmpty(double.NaN).Max();
            double rms = Math.Sqrt(at.Average(x => (x.SimMean - x.TheoryMean) * (x.SimMean - x.TheoryMean)));
            sb.AppendLine($"| {F(run.Times[r])} | {F(s.TrainLossSim[r])} | {F(s.TrainLossTheory[r])} | {F(s.TestErrorSim[r], "P1")} | {F(s.TestErrorTheory[r], "P1")} | {F(maxZ, "F2")} | {F(rms, "G3")} |");
        }
        sb.AppendLine();
        sb.AppendLine("## Figures");
        sb.AppendLine();
        foreach (var f in figures) sb.AppendLine($"![{f}]({f})").AppendLine();
        sb.AppendLine("## Files");
        sb.AppendLine();
        sb.AppendLine("- `config.json`: the resolved config (every default filled in)");
        sb.AppendLine($"- `series.csv`: `{SeriesCsv.Header}`, one row per record time and point");
        sb.AppendLine("- `summary.json`: the verdict and per-time metrics; `status.json`: how the run ended; `checkpoint.bin`: the state to resume from");
        sb.AppendLine("- `statistics.bin`: the mergeable sums of the ensemble's outputs (for `ndk merge`); `base-directory.txt`: where the config's relative paths point");
        AtomicFile.WriteText(path, sb.ToString());
    }
}
