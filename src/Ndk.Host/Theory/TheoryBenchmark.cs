using System.Diagnostics;
using Ndk.Gpu;

namespace Ndk.Host.Theory;

/// <summary>Timing of one theory run.</summary>
/// <param name="MeanSeconds">Wall time of the mean predictor (all Richardson grids).</param>
/// <param name="MeanCpuSeconds">CPU time of the process during the mean predictor (all threads; robust to a shared machine).</param>
/// <param name="VarianceSeconds">Wall time of the ensemble variance (0 when not computed).</param>
/// <param name="GridSize">Points of the finest mean grid.</param>
/// <param name="VarianceGridSize">Points of the variance grid.</param>
/// <param name="MeanPairEvaluations">Kernel pair evaluations of the mean predictor, each L layers deep.</param>
public sealed record TheoryBenchmarkResult(TheorySpec Spec, int Train, int Test, int Records, double TMax,
    double MeanSeconds, double MeanCpuSeconds, double VarianceSeconds, int GridSize, int VarianceGridSize, long MeanPairEvaluations, double NtkLambdaMax)
{
    public override string ToString() =>
        $"theory {Spec.Activation} L={Spec.Depth} P={Train} Q={Test} records={Records} tMax={TMax:G4}: mean {MeanSeconds:F1} s wall, {MeanCpuSeconds:F1} s CPU " +
        $"(grid {GridSize}, {MeanPairEvaluations / 1e9:F2}e9 pair evaluations, {MeanCpuSeconds * 1e9 / (MeanPairEvaluations * (double)Spec.Depth):F2} CPU ns per pair-layer)" +
        (VarianceSeconds > 0 ? $", variance {VarianceSeconds:F1} s (grid {VarianceGridSize})" : "") + $", lambda_max {NtkLambdaMax:G3}";
}

/// <summary>
/// The theory benchmark of issue 2: P = 200 train, 1000 test, erf, L = 2, T = 0.01, sigma0^2 = 1,
/// sigma^2 = 2, tMax = 10 sigma^2 / T, 20 log-spaced record times, on synthetic two-class inputs
/// (N0 = 784, |x|^2 = N0, within-class correlation about 0.5 like digit images).
/// </summary>
public static class TheoryBenchmark
{
    public static TheoryBenchmarkResult Run(int train = 200, int test = 1000, int records = 20, bool variance = false, int seed = 1,
        TheorySpec? spec = null, CancellationToken cancel = default)
    {
        var s = spec ?? new TheorySpec(Activation.Erf, 2, Sigma2: 2.0, Sigma02: 1.0, Temperature: 0.01);
        double tMax = 10 * s.Sigma2 / s.Temperature;
        var rng = new Random(seed);
        var prototypes = new[] { Gaussian(rng, 784), Gaussian(rng, 784) };
        var trainX = Enumerable.Range(0, train).Select(i => Sample(rng, prototypes[i % 2])).ToArray();
        var trainY = Enumerable.Range(0, train).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        var testX = Enumerable.Range(0, test).Select(i => Sample(rng, prototypes[i % 2])).ToArray();
        var times = Enumerable.Range(0, records).Select(r => tMax * Math.Pow(1e-4, 1 - r / (double)(records - 1))).ToArray();

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var mean = NdkTheory.Predict(s, trainX, trainY, testX, times, new TheoryOptions(ComputeVariance: false), cancel);
        double meanSeconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double meanCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
        double varianceSeconds = 0;
        int varianceGrid = 0;
        if (variance)
        {
            clock.Restart();
            var withVariance = NdkTheory.Predict(s, trainX, trainY, testX, times, new TheoryOptions(), cancel);
            varianceSeconds = clock.Elapsed.TotalSeconds - meanSeconds;
            varianceGrid = withVariance.VarianceGridSize;
        }
        return new TheoryBenchmarkResult(s, train, test, records, tMax, meanSeconds, meanCpu, varianceSeconds, mean.GridSize, varianceGrid,
            mean.MeanPairEvaluations, KernelLimits.NtkLambdaMax(s, trainX));
    }

    static double[] Gaussian(Random rng, int n) => Enumerable.Range(0, n).Select(_ =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();

    static double[] Sample(Random rng, double[] prototype)
    {
        var x = Gaussian(rng, prototype.Length);
        for (int i = 0; i < x.Length; i++) x[i] += prototype[i];
        double scale = Math.Sqrt(x.Length / x.Sum(v => v * v));
        return x.Select(v => v * scale).ToArray();
    }
}
