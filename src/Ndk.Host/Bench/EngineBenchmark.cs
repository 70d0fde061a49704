using System.Diagnostics;
using Ndk.Gpu;
using Ndk.Gpu.Ilgpu;

namespace Ndk.Host.Bench;

/// <summary>One timed measurement of the Langevin step loop on a backend.</summary>
public sealed record BenchResult(
    string Backend, BenchWorkload Workload, long Steps, double[] SecondsPerRepeat,
    double SetupSeconds, double FirstStepSeconds, long PeakWorkingSetBytes, long DeviceBytes,
    IReadOnlyList<IlgpuProfile.Phase> Phases)
{
    public double MedianSeconds => Median(SecondsPerRepeat);
    public double StepsPerSecond => Steps / MedianSeconds;
    public double ParameterUpdatesPerSecond => Workload.E * Workload.Network.ParameterCount * StepsPerSecond;
    public double GFlops => Workload.FlopsPerStep * StepsPerSecond / 1e9;
    /// <summary>A floor on weight traffic per parameter update in float32: the forward and backward read each weight once, the fused update reads and writes it.</summary>
    public const int WeightBytesPerUpdate = 16;

    static double Median(double[] v) { var s = v.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]); }
}

/// <summary>Times `Advance(steps)` on random inputs on the sphere; the compile/JIT time (setup and first step) is reported apart.</summary>
public static class EngineBenchmark
{
    public static BenchResult Run(IEnsembleBackend backend, BenchWorkload w, long steps, int repeats, ulong seed = 1)
    {
        var rng = new Random(1);
        float[] Inputs(int count)
        {
            var x = new float[count * w.N0];
            for (int i = 0; i < count; i++)
            {
                double norm = 0;
                for (int j = 0; j < w.N0; j++) { double g = Gaussian(rng); x[i * w.N0 + j] = (float)g; norm += g * g; }
                float scale = (float)Math.Sqrt(w.N0 / norm);
                for (int j = 0; j < w.N0; j++) x[i * w.N0 + j] *= scale;
            }
            return x;
        }
        var setup = new SimulationSetup
        {
            Network = w.Network,
            Dynamics = new LangevinDynamics(0.01, 0.01, 1.0, 1.0),
            Ensemble = new EnsembleSpec(w.E, seed, Antithetic: false),
            TrainInputs = Inputs(w.P),
            TrainLabels = Enumerable.Range(0, w.P).Select(i => rng.Next(2) == 0 ? -1f : 1f).ToArray(),
            ProbeInputs = Inputs(w.Q),
        };
        var clock = Stopwatch.StartNew();
        using var sim = backend.Create(setup);
        double setupSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        sim.Advance(1);
        double first = clock.Elapsed.TotalSeconds;
        sim.Advance(Math.Max(1, steps / 10)); // warm-up: tiered JIT, caches
        var times = new double[repeats];
        for (int k = 0; k < repeats; k++)
        {
            clock.Restart();
            sim.Advance(steps);
            times[k] = clock.Elapsed.TotalSeconds;
        }
        // On ILGPU backends, a few more steps timed phase by phase (each phase synchronised, so slower in all).
        var phases = sim is IlgpuSimulation g ? g.Profile((int)Math.Clamp(steps / 10, 1, 20)).Results() : [];
        var outputs = new double[w.E * setup.PointCount];
        sim.ReadOutputs(outputs);
        if (outputs.Any(v => !double.IsFinite(v))) throw new InvalidOperationException("the benchmark diverged (non-finite outputs)");
        return new BenchResult(backend.Name, w, steps, times, setupSeconds, first,
            Process.GetCurrentProcess().PeakWorkingSet64, backend.EstimateBytes(setup), phases);
    }

    static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
