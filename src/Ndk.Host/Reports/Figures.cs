using ScottPlot;
using Ndk.Host.Comparison;
using Ndk.Host.Experiments;

namespace Ndk.Host.Reports;

/// <summary>The PNG figures of a run directory. Time axes are log10(t) with labels in t (t = 0 is left out there).</summary>
public static class Figures
{
    const int Width = 1100, Height = 600;
    static readonly Color[] Palette = [Colors.C0, Colors.C1, Colors.C2, Colors.C3];

    public static IReadOnlyList<string> WriteAll(string dir, RunResult run)
    {
        var written = new List<string>();
        void Save(Plot p, string name) { p.SavePng(Path.Combine(dir, name), Width, Height); written.Add(name); }
        Save(MeanPredictor(run), "mean.png");
        Save(TaskMetrics(run), "error.png");
        if (run.Test.TheoryVar != null || run.Train.TheoryVar != null) Save(Variance(run), "variance.png");
        Save(ZDistribution(run), "z.png");
        return written;
    }

    static Plot MeanPredictor(RunResult run)
    {
        var plt = new Plot();
        var (idx, logT) = LogTimes(run.Times);
        var points = PickPoints(run.Test.SimMean[0].Length, 3).Select(i => (run.Test, i, run.Limits.NtkInterpolantTest[i], run.Limits.EquilibriumTest[i]))
            .Append((run.Train, 0, run.Limits.NtkInterpolantTrain[0], run.Limits.EquilibriumTrain[0])).ToList();
        for (int k = 0; k < points.Count; k++)
        {
            var (s, i, ntk, eq) = points[k];
            var color = Palette[k % Palette.Length];
            double[] sim = idx.Select(r => s.SimMean[r][i]).ToArray();
            double[] se = idx.Select(r => s.SimSe[r][i]).ToArray();
            var band = plt.Add.FillY(logT, sim.Zip(se, (m, e) => m - 2 * e).ToArray(), sim.Zip(se, (m, e) => m + 2 * e).ToArray());
            band.FillStyle.Color = color.WithAlpha(0.25);
            band.LineStyle.Width = 0;
            var th = plt.Add.Scatter(logT, idx.Select(r => s.TheoryMean[r][i]).ToArray());
            th.Color = color; th.LineWidth = 2; th.MarkerSize = 0;
            th.LegendText = $"{s.Split} point {i} (label {s.Labels[i]:+0;-0})";
            var sm = plt.Add.Scatter(logT, sim);
            sm.Color = color; sm.LineWidth = 0; sm.MarkerSize = 6; sm.MarkerShape = MarkerShape.OpenCircle;
            var h1 = plt.Add.HorizontalLine(ntk); h1.Color = color.WithAlpha(0.7); h1.LinePattern = LinePattern.Dashed; h1.LineWidth = 1;
            var h2 = plt.Add.HorizontalLine(eq); h2.Color = color.WithAlpha(0.7); h2.LinePattern = LinePattern.Dotted; h2.LineWidth = 1.5f;
        }
        plt.Title("Mean predictor: simulation (circles, band ±2 SE) and NDK theory (lines)");
        plt.YLabel("ensemble mean of f(x, t)");
        LogTimeAxis(plt, logT);
        plt.XLabel("t (log scale); dashed: NTK(sigma0) interpolant, dotted: equilibrium (GP posterior mean)");
        plt.ShowLegend(Edge.Right);
        return plt;
    }

    static Plot TaskMetrics(RunResult run)
    {
        var plt = new Plot();
        var (idx, logT) = LogTimes(run.Times);
        void Line(double[] y, string label, Color c, bool dashed, bool markers)
        {
            var s = plt.Add.Scatter(logT, idx.Select(r => y[r]).ToArray());
            s.Color = c; s.LineWidth = 2; s.MarkerSize = markers ? 6 : 0; s.LegendText = label;
            if (dashed) s.LinePattern = LinePattern.Dashed;
        }
        var sum = run.Summary;
        if (run.Test.Labels.Length > 0)
        {
            Line(sum.TestErrorSim, "test error, simulation", Colors.C0, false, true);
            Line(sum.TestErrorTheory, "test error, theory", Colors.C0, true, false);
        }
        Line(sum.TrainLossSim, "train loss of the mean predictor, simulation", Colors.C1, false, true);
        Line(sum.TrainLossTheory, "train loss of the mean predictor, theory", Colors.C1, true, false);
        if (run.Test.Labels.Length > 0)
        {
            var ntk = plt.Add.HorizontalLine(run.NtkTestError); ntk.Color = Colors.Gray; ntk.LinePattern = LinePattern.Dashed;
            ntk.LegendText = $"test error of the NTK interpolant ({run.NtkTestError:P1})";
            var eq = plt.Add.HorizontalLine(run.EquilibriumTestError); eq.Color = Colors.Black; eq.LinePattern = LinePattern.Dotted;
            eq.LegendText = $"test error at equilibrium ({run.EquilibriumTestError:P1})";
        }
        plt.Axes.SetLimitsY(0, Math.Max(1e-3, 1.05 * sum.TrainLossSim.Concat(sum.TrainLossTheory).Concat(sum.TestErrorSim).Concat(sum.TestErrorTheory)
            .Where(double.IsFinite).DefaultIfEmpty(1).Max()));
        plt.Title("Test error (sign of the mean predictor) and train loss");
        plt.YLabel("error / loss");
        LogTimeAxis(plt, logT);
        plt.ShowLegend(Edge.Right);
        return plt;
    }

    static Plot Variance(RunResult run)
    {
        var plt = new Plot();
        var (idx, logT) = LogTimes(run.Times);
        // Points whose theory variance was solved (the theory may solve only the first test points).
        bool Solved(SplitSeries s, int i) => s.TheoryVar == null || idx.All(r => double.IsFinite(s.TheoryVar[r][i]));
        var points = PickPoints(run.Test.SimMean[0].Length, 2).Select(i => (run.Test, i)).Append((run.Train, 0))
            .Where(p => Solved(p.Item1, p.Item2)).ToList();
        int k = 0;
        foreach (var (s, i) in points)
        {
            var color = Palette[k++ % Palette.Length];
            var sim = plt.Add.Scatter(logT, idx.Select(r => s.SimVar[r][i]).ToArray());
            sim.Color = color; sim.LineWidth = 0; sim.MarkerSize = 6; sim.MarkerShape = MarkerShape.OpenCircle;
            sim.LegendText = $"{s.Split} point {i}: simulation";
            if (s.TheoryVar != null)
            {
                var th = plt.Add.Scatter(logT, idx.Select(r => s.TheoryVar[r][i]).ToArray());
                th.Color = color; th.LineWidth = 2; th.MarkerSize = 0; th.LegendText = "theory";
            }
        }
        plt.Title("Ensemble variance of f(x, t) across networks");
        plt.YLabel("Var f");
        LogTimeAxis(plt, logT);
        plt.ShowLegend(Edge.Right);
        return plt;
    }

    static Plot ZDistribution(RunResult run)
    {
        var plt = new Plot();
        var z = run.Rows.Where(r => r.T > 0 && double.IsFinite(r.Z)).Select(r => r.Z).ToArray();
        if (z.Length > 0)
        {
            double lim = Math.Max(4, Math.Ceiling(z.Max(Math.Abs)));
            int bins = 40;
            double w = 2 * lim / bins;
            var counts = new double[bins];
            foreach (var v in z) counts[Math.Clamp((int)((v + lim) / w), 0, bins - 1)]++;
            var bars = plt.Add.Bars(Enumerable.Range(0, bins).Select(b => -lim + (b + 0.5) * w).ToArray(), counts);
            foreach (var b in bars.Bars) { b.Size = w * 0.95; b.FillColor = Colors.C0.WithAlpha(0.6); b.LineWidth = 0; }
            var xs = Enumerable.Range(0, 201).Select(k => -lim + 2 * lim * k / 200.0).ToArray();
            var g = plt.Add.Scatter(xs, xs.Select(x => z.Length * w * Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI)).ToArray());
            g.MarkerSize = 0; g.LineWidth = 2; g.Color = Colors.Black; g.LegendText = "N(0, 1), what an exact theory gives";
        }
        plt.Title($"z = (simulation - theory) / SE over all t > 0 and points (n = {z.Length})");
        plt.XLabel("z"); plt.YLabel("count");
        plt.ShowLegend(Alignment.UpperRight);
        return plt;
    }

    static (int[] Index, double[] LogT) LogTimes(double[] times)
    {
        var idx = Enumerable.Range(0, times.Length).Where(r => times[r] > 0).ToArray();
        return (idx, idx.Select(r => Math.Log10(times[r])).ToArray());
    }

    static void LogTimeAxis(Plot plt, double[] logT)
    {
        plt.XLabel("t (log scale)");
        if (logT.Length == 0) return;
        plt.Axes.SetLimitsX(logT.Min() - 0.05, logT.Max() + 0.05);
        int lo = (int)Math.Floor(logT.Min()), hi = (int)Math.Ceiling(logT.Max());
        var major = new List<double>(); var labels = new List<string>();
        for (int e = lo; e <= hi; e++)
            foreach (int m in new[] { 1, 2, 5 })
            {
                double v = Math.Log10(m) + e;
                if (v < logT.Min() - 0.05 || v > logT.Max() + 0.05) continue;
                major.Add(v); labels.Add((m * Math.Pow(10, e)).ToString("G3", System.Globalization.CultureInfo.InvariantCulture));
            }
        plt.Axes.Bottom.SetTicks(major.ToArray(), labels.ToArray());
    }

    static IEnumerable<int> PickPoints(int count, int want)
    {
        if (count == 0) return [];
        return Enumerable.Range(0, Math.Min(want, count)).Select(k => k * count / Math.Min(want, count)).Distinct();
    }
}
