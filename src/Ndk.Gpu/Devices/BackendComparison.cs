namespace Ndk.Gpu.Devices;

/// <summary>
/// The backend-equality self-check (<c>ndk selftest</c>): the same seeded setup on a reference backend
/// (the CPU backend) and a candidate (a GPU), compared weight by weight and output by output as
/// max |a - b| / max(1, |b|). The float32 engines agree within <see cref="Bound"/> after
/// <see cref="Steps"/> steps (measured on ILGPU's CPU simulator against a double reference: below 6e-6).
/// </summary>
public static class BackendComparison
{
    public const double Bound = 1e-4;
    public const int Steps = 100;

    public sealed record Result(string Case, double Init, double Weights, double Outputs, double Seconds)
    {
        public bool Passed => Init <= Bound && Weights <= Bound && Outputs <= Bound;
    }

    /// <summary>The standard cases: E=4, N0=5, N=8, P=3, two probes, antithetic; L = 1..3; relu and erf.</summary>
    public static IEnumerable<(string name, SimulationSetup setup)> StandardSetups()
    {
        foreach (var activation in new[] { Activation.Relu, Activation.Erf })
            for (int depth = 1; depth <= 3; depth++)
                yield return ($"{activation.ToString().ToLowerInvariant()} L={depth}", Tiny(depth, activation));
        yield return ("erf L=2 wide", Tiny(2, Activation.Erf, members: 64, n0: 40, width: 200, train: 30, probes: 20));
    }

    public static Result Compare(string name, IEnsembleBackend reference, IEnsembleBackend candidate, SimulationSetup setup, int steps = Steps)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var a = reference.Create(setup);
        using var b = candidate.Create(setup);
        double init = MaxRelative(b.ExportState().Weights, a.ExportState().Weights);
        a.Advance(steps);
        b.Advance(steps);
        double weights = MaxRelative(b.ExportState().Weights, a.ExportState().Weights);
        int outputs = setup.Ensemble.Size * setup.PointCount;
        var fa = new double[outputs];
        var fb = new double[outputs];
        a.ReadOutputs(fa);
        b.ReadOutputs(fb);
        return new Result(name, init, weights, MaxRelative(fb, fa), clock.Elapsed.TotalSeconds);
    }

    public static double MaxRelative(double[] a, double[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"lengths differ: {a.Length} vs {b.Length}");
        double worst = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Math.Abs(a[i] - b[i]) / Math.Max(1, Math.Abs(b[i]));
            if (double.IsNaN(d)) return double.PositiveInfinity;
            worst = Math.Max(worst, d);
        }
        return worst;
    }

    /// <summary>A small seeded setup: inputs on the sphere |x|^2 = N0, labels +-1.</summary>
    public static SimulationSetup Tiny(int depth, Activation activation, int members = 4, int n0 = 5, int width = 8,
        int train = 3, int probes = 2, ulong seed = 12345, bool antithetic = true, int firstMember = 0)
    {
        var rng = new Random(17);
        float[] Sphere(int count)
        {
            var v = new float[count * n0];
            for (int i = 0; i < count; i++)
            {
                double norm = 0;
                var row = new double[n0];
                for (int j = 0; j < n0; j++) { row[j] = rng.NextDouble() * 2 - 1; norm += row[j] * row[j]; }
                double scale = Math.Sqrt(n0 / norm);
                for (int j = 0; j < n0; j++) v[i * n0 + j] = (float)(row[j] * scale);
            }
            return v;
        }
        return new SimulationSetup
        {
            Network = new NetworkSpec(n0, width, depth, activation),
            Dynamics = new LangevinDynamics(Dt: 0.05, Temperature: 0.02, Sigma2: 1.5, Sigma02: 0.8),
            Ensemble = new EnsembleSpec(members, seed, antithetic, firstMember),
            TrainInputs = Sphere(train),
            TrainLabels = Enumerable.Range(0, train).Select(i => i % 2 == 0 ? 1f : -1f).ToArray(),
            ProbeInputs = Sphere(probes),
        };
    }
}
