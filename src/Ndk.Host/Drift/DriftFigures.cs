using ScottPlot;

namespace Ndk.Host.Drift;

/// <summary>The PNG figures of a drift run: rho_l against the lag, the mean predictor around the freeze, the read-out's accuracy.</summary>
public static class DriftFigures
{
    const int Width = 1100, Height = 600;
    static readonly Color[] Palette = [Colors.C0, Colors.C1, Colors.C2, Colors.C3, Colors.C4, Colors.C5];

    public static IReadOnlyList<string> WriteAll(string dir, DriftResult run)
    {
        var written = new List<string>();
        void Save(Plot p, string name) { p.SavePng(Path.Combine(dir, name), Width, Height); written.Add(name); }
        Save(Correlation(run), "rho.png");
        Save(MeanPredictor(run), "frozen.png");
        Save(Accuracy(run), "accuracy.png");
        return written;
    }

    static Plot Correlation(DriftResult run)
    {
        var plt = new Plot();
        var groups = run.Correlations.Where(c => c.Sim.Lag > 0).GroupBy(c => (c.Sim.Layer, c.Sim.ReferenceTime)).ToList();
        int k = 0;
        foreach (var g in groups)
        {
            var color = Palette[k++ % Palette.Length];
            var rows = g.OrderBy(c => c.Sim.Lag).ToArray();
            double[] x = rows.Select(c => Math.Log10(c.Sim.Lag)).ToArray();
            var th = plt.Add.Scatter(x, rows.Select(c => c.Theory).ToArray());
            th.Color = color; th.LineWidth = 2; th.MarkerSize = 0;
            th.LegendText = $"layer {g.Key.Layer}, t = {g.Key.ReferenceTime:G4}: theory";
            var sim = plt.Add.Scatter(x, rows.Select(c => c.Sim.Mean).ToArray());
            sim.Color = color; sim.LineWidth = 0; sim.MarkerSize = 7; sim.MarkerShape = MarkerShape.OpenCircle;
            sim.LegendText = "simulation (±2 SE)";
            var bars = plt.Add.ErrorBar(x, rows.Select(c => c.Sim.Mean).ToArray(), rows.Select(c => 2 * c.Sim.Se).ToArray());
            bars.Color = color;
        }
        if (run.Activation == "relu")
        {
            var floor = plt.Add.HorizontalLine(1 / Math.PI); floor.Color = Colors.Gray; floor.LinePattern = LinePattern.Dotted;
            floor.LegendText = "1/pi (relu, decorrelated)";
        }
        plt.Title($"Population-vector correlation rho_l(t, t + tau), {run.Probes.Length} probe points");
        plt.XLabel("lag tau (log10)");
        plt.YLabel("rho_l");
        plt.ShowLegend(Edge.Right);
        return plt;
    }

    static Plot MeanPredictor(DriftResult run)
    {
        var plt = new Plot();
        double[] t = run.Times;
        var points = Enumerable.Range(0, Math.Min(3, run.Test.Labels.Length)).Select(i => (run.Test, i)).Append((run.Train, 0)).ToList();
        int k = 0;
        foreach (var (s, i) in points)
        {
            var color = Palette[k++ % Palette.Length];
            var sim = t.Select((_, r) => s.SimMean[r][i]).ToArray();
            var se = t.Select((_, r) => s.SimSe[r][i]).ToArray();
            var band = plt.Add.FillY(t, sim.Zip(se, (m, e) => m - 2 * e).ToArray(), sim.Zip(se, (m, e) => m + 2 * e).ToArray());
            band.FillStyle.Color = color.WithAlpha(0.25); band.LineStyle.Width = 0;
            var th = plt.Add.Scatter(t, t.Select((_, r) => s.Theory[r][i]).ToArray());
            th.Color = color; th.LineWidth = 2; th.MarkerSize = 0;
            th.LegendText = $"{s.Split} point {i} (label {s.Labels[i]:+0;-0}): theory";
            var sm = plt.Add.Scatter(t, sim);
            sm.Color = color; sm.LineWidth = 0; sm.MarkerSize = 6; sm.MarkerShape = MarkerShape.OpenCircle; sm.LegendText = "simulation (band ±2 SE)";
            if (run.LongTimeLimit is { } lim)
            {
                var h = plt.Add.HorizontalLine(s.Split == "train" ? lim.Train[i] : lim.Test[i]);
                h.Color = color.WithAlpha(0.7); h.LinePattern = LinePattern.Dotted; h.LineWidth = 1.5f;
            }
        }
        if (run.FreezeTime is double t0) { var v = plt.Add.VerticalLine(t0); v.Color = Colors.Gray; v.LinePattern = LinePattern.Dashed; v.LegendText = "t0 (readout frozen)"; }
        plt.Title($"Mean predictor ({run.Protocol}); dotted: t -> infinity limit");
        plt.XLabel("t"); plt.YLabel("ensemble mean of f(x, t)");
        plt.ShowLegend(Edge.Right);
        return plt;
    }

    static Plot Accuracy(DriftResult run)
    {
        var plt = new Plot();
        double[] t = run.Accuracy.Select(a => a.Time).ToArray();
        void Line(Func<AccuracyRow, double> y, string label, Color c, bool dashed)
        {
            var s = plt.Add.Scatter(t, run.Accuracy.Select(y).ToArray());
            s.Color = c; s.LineWidth = 2; s.MarkerSize = dashed ? 0 : 6; s.LegendText = label;
            if (dashed) s.LinePattern = LinePattern.Dashed;
        }
        Line(a => a.SimTest, "test, simulation", Colors.C0, false);
        Line(a => a.TheoryTest, "test, theory", Colors.C0, true);
        Line(a => a.SimTrain, "train, simulation", Colors.C1, false);
        if (run.LongTimeLimit is { } lim)
        {
            var h = plt.Add.HorizontalLine(lim.TestAccuracy); h.Color = Colors.Black; h.LinePattern = LinePattern.Dotted;
            h.LegendText = $"theory, t -> infinity ({lim.TestAccuracy:P1})";
        }
        var chance = plt.Add.HorizontalLine(0.5); chance.Color = Colors.Gray; chance.LegendText = "chance";
        if (run.FreezeTime is double t0) { var v = plt.Add.VerticalLine(t0); v.Color = Colors.Gray; v.LinePattern = LinePattern.Dashed; v.LegendText = "t0"; }
        plt.Title("Accuracy of a threshold read-out fitted on the training predictor values");
        plt.XLabel("t"); plt.YLabel("accuracy");
        plt.Axes.SetLimitsY(0.3, 1.02);
        plt.ShowLegend(Edge.Right);
        return plt;
    }
}
