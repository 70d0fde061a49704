namespace Ndk.Host.Comparison;

/// <summary>Compares a simulated ensemble with the theory, point by point and time by time (a pure function).</summary>
public static class EnsembleComparison
{
    public static (IReadOnlyList<ComparisonRow> Rows, ComparisonSummary Summary) Compare(
        double[] times, SplitSeries train, SplitSeries test)
    {
        var rows = new List<ComparisonRow>();
        double sqErr = 0, sqTheory = 0, sqSe = 0;
        var absZ = new List<double>();
        foreach (var s in new[] { train, test })
        {
            for (int r = 0; r < times.Length; r++)
            {
                for (int i = 0; i < s.SimMean[r].Length; i++)
                {
                    double sim = s.SimMean[r][i], se = s.SimSe[r][i], th = s.TheoryMean[r][i];
                    double z = ZScore(sim, th, se);
                    rows.Add(new ComparisonRow(times[r], s.Split, i, sim, se, s.SimVar[r][i], th,
                        s.TheoryVar?[r][i] ?? double.NaN, z));
                    if (times[r] <= 0) continue;
                    sqErr += (sim - th) * (sim - th);
                    sqTheory += th * th;
                    sqSe += double.IsFinite(se) ? se * se : 0;
                    if (double.IsFinite(z)) absZ.Add(Math.Abs(z));
                }
            }
        }
        double rel = sqTheory > 0 ? Math.Sqrt(sqErr / sqTheory) : double.PositiveInfinity;
        double floor = sqTheory > 0 ? Math.Sqrt(sqSe / sqTheory) : double.PositiveInfinity;
        double systematic = Math.Sqrt(Math.Max(0, rel * rel - floor * floor));
        absZ.Sort();
        double median = absZ.Count == 0 ? double.NaN : absZ.Count % 2 == 1 ? absZ[absZ.Count / 2] : 0.5 * (absZ[absZ.Count / 2 - 1] + absZ[absZ.Count / 2]);
        double maxZ = absZ.Count == 0 ? double.NaN : absZ[^1];

        var summary = new ComparisonSummary
        {
            MaxAbsZ = maxZ,
            MedianAbsZ = median,
            RelativeRmsError = rel,
            SamplingFloor = floor,
            SystematicError = systematic,
            Verdict = Decide(rel, floor, systematic, median, maxZ),
            TrainLossSim = train.SimMean.Select(f => MeanPredictorLoss(f, train.Labels)).ToArray(),
            TrainLossTheory = train.TheoryMean.Select(f => MeanPredictorLoss(f, train.Labels)).ToArray(),
            TestErrorSim = test.SimMean.Select(f => SignError(f, test.Labels)).ToArray(),
            TestErrorTheory = test.TheoryMean.Select(f => SignError(f, test.Labels)).ToArray(),
        };
        return (rows, summary);
    }

    /// <summary>(sim - theory) / SE; zero when both differ by nothing at zero SE (e.g. antithetic pairs at t = 0).</summary>
    public static double ZScore(double sim, double theory, double se)
    {
        double d = sim - theory;
        if (se > 0 && double.IsFinite(se)) return d / se;
        return Math.Abs(d) <= 1e-12 * Math.Max(1, Math.Abs(theory)) ? 0 : double.NaN;
    }

    static Verdict Decide(double rel, double floor, double systematic, double median, double maxZ)
    {
        string figures = $"systematic error {systematic:P1} of the RMS theory (RMS error {rel:P1}, sampling part {floor:P1}), median |z| {median:F2}, max |z| {maxZ:F1}";
        if (!double.IsFinite(rel) || double.IsNaN(median))
            return new Verdict(false, "disagree: no comparable points (the theory is zero everywhere or no standard errors)");
        if (systematic > Verdict.MaxSystematic)
            return new Verdict(false, $"disagree: {figures}; the systematic error exceeds {Verdict.MaxSystematic:P0}");
        if (median > Verdict.MaxMedianAbsZ)
            return new Verdict(false, $"disagree: {figures}; the median |z| exceeds {Verdict.MaxMedianAbsZ}, a deviation the ensemble resolves (finite width or dt?)");
        return new Verdict(true, $"agree: {figures}");
    }

    public static double MeanPredictorLoss(double[] f, double[] y)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (f[i] - y[i]) * (f[i] - y[i]);
        return 0.5 * s / y.Length;
    }

    public static double SignError(double[] f, double[] y)
    {
        if (y.Length == 0) return double.NaN;
        // A predictor of exactly 0 (the ensemble at t = 0) says nothing: it counts as a coin flip.
        double wrong = 0;
        for (int i = 0; i < y.Length; i++) wrong += f[i] == 0 ? 0.5 : Math.Sign(f[i]) != Math.Sign(y[i]) ? 1 : 0;
        return wrong / y.Length;
    }
}
