namespace Ndk.Host.Theory;

/// <summary>The theory's predictions at the record times.</summary>
public sealed class TheoryPrediction
{
    /// <summary>The requested record times, in order.</summary>
    public required double[] Times;
    /// <summary>[record][train point] mean predictor.</summary>
    public required double[][] TrainMean;
    /// <summary>[record][test point] mean predictor.</summary>
    public required double[][] TestMean;
    /// <summary>[record][point] ensemble variance Var f (MODEL.md sec 6); null if not computed. </summary>
    public double[][]? TrainVariance, TestVariance;
    /// <summary>Number of time-grid points of the mean predictor (its finest Richardson level).</summary>
    public required int GridSize;
    /// <summary>Kernel pair evaluations (each L layers deep) of the mean predictor: its cost.</summary>
    public long MeanPairEvaluations;
    /// <summary>Number of time-grid points of the variance (0 if not computed).</summary>
    public int VarianceGridSize;
    public required IReadOnlyList<string> Warnings;
}

/// <summary>Entry point of the theory: mean predictor (and variance) of MODEL.md sections 5-6 at the record times.</summary>
public static class NdkTheory
{
    public static TheoryPrediction Predict(TheorySpec spec, double[][] trainX, double[] trainY, double[][] testX,
        double[] recordTimes, TheoryOptions? options = null, CancellationToken cancel = default)
    {
        spec.Validate();
        options ??= new TheoryOptions();
        if (trainX.Length != trainY.Length) throw new ArgumentException($"{trainX.Length} training inputs but {trainY.Length} labels");
        if (trainX.Length == 0) throw new ArgumentException("need at least one training point");
        var warnings = new List<string>();
        var exponents = RichardsonExtrapolation.ErrorExponents(spec.Activation);
        var grids = new List<TimeGrid> { BuildGrid(spec, trainX, recordTimes, options, options.StepScale) };
        while (grids.Count <= exponents.Length) grids.Add(grids[^1].Refine());
        grids.Reverse(); // finest first
        double panelWidth = spec.Temperature > 0 ? options.PanelWidthTimesGamma * spec.Sigma2 / spec.Temperature : double.PositiveInfinity;
        var mean = MeanPredictorSolver.Solve(spec, trainX, trainY, testX, grids, options.PanelDegree, panelWidth, cancel);
        var weights = RichardsonExtrapolation.Weights(exponents).Reverse().ToArray();
        var prediction = new TheoryPrediction
        {
            Times = (double[])recordTimes.Clone(),
            TrainMean = RichardsonExtrapolation.Combine(weights, mean.TrainAtRecords),
            TestMean = RichardsonExtrapolation.Combine(weights, mean.TestAtRecords),
            GridSize = grids[0].Count,
            MeanPairEvaluations = mean.PairEvaluations,
            Warnings = warnings,
        };
        // the extrapolation's correction to the finest trapezoid solution estimates that solution's error
        double correction = MaxDifference(prediction.TrainMean, mean.TrainAtRecords[0]);
        correction = Math.Max(correction, MaxDifference(prediction.TestMean, mean.TestAtRecords[0]));
        if (correction > 1e-2)
            warnings.Add($"the mean's Richardson correction reaches {correction:G2}: the grid may be too coarse (try StepScale = 0.5)");
        if (options.ComputeVariance)
        {
            // two nested grids and Richardson extrapolation: the trapezoid variance converges as h^2 (relu about h^1.85)
            var (coarse, resolved) = VarianceGrid(spec, trainX, recordTimes, options, grids[0].Times[^1]);
            var fineGrid = coarse.Refine();
            if (!resolved)
                warnings.Add($"variance grid of {fineGrid.Count} times (capped) does not resolve the NTK time scale 1/lambda_max: Var f is underestimated between t = 0 and equilibrium");
            var v0 = EnsembleVarianceSolver.Solve(spec, trainX, testX, coarse, options.MaxVarianceTestPoints, cancel);
            if ((long)fineGrid.Count * trainX.Length > options.MaxVarianceUnknowns)
            {
                // the record times alone fill the budget: one grid, no extrapolation
                warnings.Add($"variance on a single grid of {coarse.Count} times (no Richardson extrapolation): the records leave no room under MaxVarianceUnknowns");
                fineGrid = coarse;
                prediction.TrainVariance = v0.Train;
                prediction.TestVariance = v0.Test;
            }
            else
            {
                var v1 = EnsembleVarianceSolver.Solve(spec, trainX, testX, fineGrid, options.MaxVarianceTestPoints, cancel);
                var w = RichardsonExtrapolation.Weights([2.0]);
                prediction.TrainVariance = NonNegative(RichardsonExtrapolation.Combine(w, [v0.Train, v1.Train]));
                prediction.TestVariance = NonNegative(RichardsonExtrapolation.Combine(w, [v0.Test, v1.Test]));
            }
            prediction.VarianceGridSize = fineGrid.Count;
            if (testX.Length > options.MaxVarianceTestPoints)
                warnings.Add($"test variance computed for the first {options.MaxVarianceTestPoints} of {testX.Length} test points only (the rest are left empty in series.csv)");
        }
        return prediction;
    }

    static double MaxDifference(double[][] a, double[][] b) =>
        a.Zip(b, (x, y) => x.Zip(y, (u, v) => Math.Abs(u - v)).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();

    static double[][] NonNegative(double[][] v) => v.Select(r => r.Select(x => x < 0 ? 0 : x).ToArray()).ToArray();

    /// <summary>
    /// The variance grid: the mean's step rules with every step capped at VarianceStepTimesLambda / lambda_ref
    /// (the fluctuations are damped at the NTK rate at all times), the record times on it; when that exceeds
    /// min(VarianceGridSize, MaxVarianceUnknowns / P) / 2 points (it is refined once) the steps are stretched to fit (resolved = false).
    /// </summary>
    static (TimeGrid Grid, bool Resolved) VarianceGrid(TheorySpec spec, double[][] trainX, double[] recordTimes, TheoryOptions o, double tMax)
    {
        double lambda = LambdaRef(spec, trainX);
        int cap = Math.Max(Math.Min(o.VarianceGridSize, o.MaxVarianceUnknowns / trainX.Length) / 2, recordTimes.Distinct().Count() + 2);
        var baseGrid = BuildGrid(spec, trainX, recordTimes, o with { TMax = tMax }, o.StepScale);
        double hCap = lambda > 0 ? o.StepScale * o.VarianceStepTimesLambda / lambda : double.PositiveInfinity;
        for (int tries = 0; ; tries++)
        {
            double stretch = Math.Pow(1.25, tries);
            var g = TimeGrid.Build(Math.Min(baseGrid.Times.Length > 1 ? baseGrid.Times[1] : tMax, hCap) * stretch, o.Growth * o.StepScale * stretch,
                Math.Min(hCap, o.LateStepTimesGamma * o.StepScale * spec.Sigma2 / Math.Max(spec.Temperature, 1e-300)) * stretch, tMax, recordTimes);
            if (g.Count <= cap || tries > 200) return (g, tries == 0);
        }
    }

    static double LambdaRef(TheorySpec spec, double[][] trainX) =>
        Math.Max(KernelLimits.NtkLambdaMax(spec, trainX), KernelLimits.NtkLambdaMax(spec with { Sigma02 = spec.Sigma2 }, trainX));

    /// <summary>
    /// The grid of MODEL.md sec 5: early step 0.1 / lambda_ref, lambda_ref the largest eigenvalue of the NTK at
    /// weight variance sigma0^2 or sigma^2 (the NDK(t,t) moves from the first to the second); late step cap
    /// 0.05 sigma^2 / T; each times <paramref name="scale"/>.
    /// </summary>
    internal static TimeGrid BuildGrid(TheorySpec spec, double[][] trainX, double[] recordTimes, TheoryOptions o, double scale)
    {
        double tMax = Math.Max(o.TMax ?? 0, recordTimes.Length > 0 ? recordTimes.Max() : 0);
        double lambda = LambdaRef(spec, trainX);
        double hLate = spec.Temperature > 0 ? scale * o.LateStepTimesGamma * spec.Sigma2 / spec.Temperature : double.PositiveInfinity;
        double h0 = lambda > 0 ? scale * o.EarlyStepTimesLambda / lambda : Math.Min(hLate, Math.Max(tMax, 1.0));
        h0 = Math.Min(h0, hLate);
        return TimeGrid.Build(h0, scale * o.Growth, hLate, tMax, recordTimes);
    }
}
