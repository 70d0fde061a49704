using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ndk.Gpu.Cpu;

/// <summary>One timing of the CPU backend on a synthetic relu workload (for <c>ndk bench</c>).</summary>
public sealed record CpuBenchmarkResult(int Ensemble, int InputDim, int Width, int Depth, int TrainCount, int Steps,
    int Threads, Precision Precision, double Seconds)
{
    public long ParametersPerNetwork => (long)Width * InputDim + (long)(Depth - 1) * Width * Width + Width;
    public double StepsPerSecond => Steps / Seconds;
    /// <summary>E x parameters x steps / s.</summary>
    public double ParameterUpdatesPerSecond => (double)Ensemble * ParametersPerNetwork * Steps / Seconds;
    /// <summary>The peer's FLOP count: 6 P (sum of layer sizes + N) per member and step.</summary>
    public double GflopsPerSecond => (double)Ensemble * Steps * 6 * TrainCount * ParametersPerNetwork / Seconds / 1e9;

    public override string ToString() =>
        $"cpu E={Ensemble} N0={InputDim} N={Width} L={Depth} P={TrainCount} steps={Steps} threads={Threads} {Precision}: " +
        $"{Seconds:F3} s, {StepsPerSecond:F1} steps/s, {ParameterUpdatesPerSecond / 1e9:F3} G param-updates/s, {GflopsPerSecond:F1} GFLOP/s";
}

/// <summary>Times Langevin steps of the CPU backend on the peer's workload (MODEL.md network, relu, random data).</summary>
public static class CpuBenchmark
{
    /// <summary>The standard workloads: W1 (E=64, N0=50, N=256, L=2, P=20) and W2 (E=16, N0=784, N=512, L=1, P=100).</summary>
    public static readonly (string Name, int E, int N0, int N, int L, int P)[] Workloads =
    [
        ("W1", 64, 50, 256, 2, 20),
        ("W2", 16, 784, 512, 1, 100),
    ];

    public static CpuBenchmarkResult Run(int ensemble, int inputDim, int width, int depth, int trainCount, int steps,
        int threads = 0, Precision precision = Precision.Single, int warmupSteps = 3)
    {
        var rng = new Random(0);
        var x = new float[trainCount * inputDim];
        var y = new float[trainCount];
        for (int mu = 0; mu < trainCount; mu++)
        {
            double norm = 0;
            for (int j = 0; j < inputDim; j++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                x[mu * inputDim + j] = (float)g; norm += g * g;
            }
            float s = (float)Math.Sqrt(inputDim / norm);
            for (int j = 0; j < inputDim; j++) x[mu * inputDim + j] *= s;
            y[mu] = rng.Next(2) == 0 ? -1f : 1f;
        }
        var setup = new SimulationSetup
        {
            Network = new NetworkSpec(inputDim, width, depth, Activation.Relu),
            Dynamics = new LangevinDynamics(0.01, 0.01, 1.0, 1.0),
            Ensemble = new EnsembleSpec(ensemble, 0, false),
            TrainInputs = x,
            TrainLabels = y,
            Precision = precision,
        };
        using var backend = new CpuBackend(threads);
        using var sim = backend.CreateSimulation(setup);
        sim.Advance(warmupSteps);
        var sw = Stopwatch.StartNew();
        sim.Advance(steps);
        sw.Stop();
        return new CpuBenchmarkResult(ensemble, inputDim, width, depth, trainCount, steps, sim.Threads, precision, sw.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Measured float32 FMA peak of this machine in GFLOP/s (12 independent 256-bit FMA chains per thread,
    /// best of <paramref name="repeats"/>); 0 without FMA. Compare <see cref="CpuBenchmarkResult.GflopsPerSecond"/> with it.
    /// </summary>
    public static double MeasureFmaPeak(int threads = 0, int repeats = 5, long iterations = 20_000_000)
    {
        if (!Fma.IsSupported) return 0;
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        FmaChains(1000);
        double best = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            Parallel.For(0, threads, options, _ => FmaChains(iterations));
            best = Math.Max(best, threads * iterations * 12.0 * 16 / sw.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float FmaChains(long iterations)
    {
        var a = Vector256.Create(1.0000001f); var b = Vector256.Create(1e-7f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector256<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(a, c0, b); c1 = Fma.MultiplyAdd(a, c1, b); c2 = Fma.MultiplyAdd(a, c2, b);
            c3 = Fma.MultiplyAdd(a, c3, b); c4 = Fma.MultiplyAdd(a, c4, b); c5 = Fma.MultiplyAdd(a, c5, b);
            c6 = Fma.MultiplyAdd(a, c6, b); c7 = Fma.MultiplyAdd(a, c7, b); c8 = Fma.MultiplyAdd(a, c8, b);
            c9 = Fma.MultiplyAdd(a, c9, b); c10 = Fma.MultiplyAdd(a, c10, b); c11 = Fma.MultiplyAdd(a, c11, b);
        }
        return (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).ToScalar();
    }
}
