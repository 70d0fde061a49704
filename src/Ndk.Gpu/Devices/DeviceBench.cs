using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ndk.Gpu.Ilgpu;

namespace Ndk.Gpu.Devices;

/// <summary>
/// A benchmark workload, written as in <c>ndk bench --workload E=1024,N0=784,N=1024,L=1,P=100</c>.
/// Optional keys: Q (probes, default 0), act (relu|erf|tanh|linear, default relu), anti (0|1, default 1).
/// </summary>
public sealed record BenchWorkload(int E, int N0, int N, int L, int P, int Q = 0, Activation Activation = Activation.Relu, bool Antithetic = true)
{
    public static BenchWorkload Parse(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2) throw new FormatException($"workload item '{part}' is not key=value");
            map[kv[0]] = kv[1];
        }
        int Int(string key, int? fallback = null) =>
            map.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture)
            : fallback ?? throw new FormatException($"workload '{text}' lacks {key}= (needs E, N0, N, L, P)");
        var act = map.TryGetValue("act", out var a) ? Enum.Parse<Activation>(a, ignoreCase: true) : Activation.Relu;
        return new BenchWorkload(Int("E"), Int("N0"), Int("N"), Int("L"), Int("P"), Int("Q", 0), act, Int("anti", 1) != 0);
    }

    public override string ToString() =>
        $"E={E},N0={N0},N={N},L={L},P={P},Q={Q},act={Activation.ToString().ToLowerInvariant()},anti={(Antithetic ? 1 : 0)}";

    /// <summary>Multiply-adds x 2 of one step: forward and gradient products over every hidden weight, backward through W^2..W^L, readout.</summary>
    public double FlopsPerStep()
    {
        double hidden = (double)N * N0 + (double)(L - 1) * N * N;
        return (double)E * P * (4 * hidden + 2 * (double)(L - 1) * N * N + 6.0 * N);
    }

    /// <summary>A seeded setup of this shape (random inputs on the sphere, labels +-1).</summary>
    public SimulationSetup Setup(ulong seed = 1)
    {
        var rng = new Random((int)seed);
        float[] Sphere(int count)
        {
            var v = new float[(long)count * N0];
            for (int i = 0; i < count; i++)
            {
                double norm = 0;
                for (int j = 0; j < N0; j++) { double x = rng.NextDouble() * 2 - 1; v[(long)i * N0 + j] = (float)x; norm += x * x; }
                float scale = (float)Math.Sqrt(N0 / norm);
                for (int j = 0; j < N0; j++) v[(long)i * N0 + j] *= scale;
            }
            return v;
        }
        return new SimulationSetup
        {
            Network = new NetworkSpec(N0, N, L, Activation),
            Dynamics = new LangevinDynamics(Dt: 1e-3, Temperature: 0.01, Sigma2: 1, Sigma02: 1),
            Ensemble = new EnsembleSpec(E, seed, Antithetic && E % 2 == 0),
            TrainInputs = Sphere(P),
            TrainLabels = Enumerable.Range(0, P).Select(i => i % 2 == 0 ? 1f : -1f).ToArray(),
            ProbeInputs = Sphere(Q),
        };
    }
}

/// <summary>
/// Times a workload on a backend: creation (allocation, init; kernel compilation when first), a warm-up
/// step, <c>steps</c> timed steps, ReadOutputs, and on ILGPU backends a per-phase profile of a few extra steps.
/// Results go to JSON for <c>ndk bench --json</c>.
/// </summary>
public static class DeviceBench
{
    public sealed record PhaseResult(string Name, double MsPerStep, double Tflops, double GBps);

    public sealed record Result(
        string Backend, string Device, string Workload, long Steps, long DeviceBytes,
        double CreateSeconds, double WarmupSeconds, double StepsSeconds, double MsPerStep,
        double MemberStepsPerSecond, double Tflops, double ReadOutputsSeconds, bool Finite,
        IReadOnlyList<PhaseResult> Phases)
    {
        public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
    }

    public static Result Run(IEnsembleBackend backend, BenchWorkload workload, long steps, int profileSteps = 10, Action<string>? log = null)
    {
        var setup = workload.Setup();
        long bytes = backend.EstimateBytes(setup);
        log?.Invoke($"{backend.Name}: {workload}: {bytes / 1e9:F2} GB on the device");
        var clock = Stopwatch.StartNew();
        using var sim = backend.Create(setup);
        double create = clock.Elapsed.TotalSeconds;
        clock.Restart();
        sim.Advance(1);
        double warmup = clock.Elapsed.TotalSeconds;
        clock.Restart();
        sim.Advance(steps);
        double seconds = clock.Elapsed.TotalSeconds;
        var f = new double[(long)setup.Ensemble.Size * setup.PointCount];
        clock.Restart();
        sim.ReadOutputs(f);
        double read = clock.Elapsed.TotalSeconds;
        bool finite = f.All(double.IsFinite);

        var phases = new List<PhaseResult>();
        if (sim is IlgpuSimulation ilgpu && profileSteps > 0)
        {
            var profile = ilgpu.Profile(profileSteps);
            log?.Invoke(profile.ToString());
            phases.AddRange(profile.Results().Select(p =>
                new PhaseResult(p.Name, p.Seconds / profileSteps * 1e3, p.TeraflopsPerSecond, p.GigabytesPerSecond)));
        }
        double msPerStep = seconds / Math.Max(1, steps) * 1e3;
        var result = new Result(backend.Name, backend.Description, workload.ToString(), steps, bytes,
            create, warmup, seconds, msPerStep, workload.E * (steps / Math.Max(seconds, 1e-12)),
            workload.FlopsPerStep() * steps / Math.Max(seconds, 1e-12) / 1e12, read, finite, phases);
        log?.Invoke($"{msPerStep:F3} ms/step, {result.Tflops:F2} TFLOP/s, create {create:F2} s, warm-up {warmup:F2} s, outputs finite: {finite}");
        return result;
    }
}
