namespace Ndk.Gpu.Tests.Ilgpu;

internal static class Setups
{
    /// <summary>A tiny seeded setup: inputs on the sphere |x|^2 = N0, labels +-1.</summary>
    public static SimulationSetup Tiny(int members = 4, int n0 = 5, int width = 8, int depth = 1,
        Activation activation = Activation.Relu, int train = 3, int probes = 2, ulong seed = 12345,
        bool antithetic = false, int firstMember = 0)
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
        var x = Sphere(train);
        var y = Enumerable.Range(0, train).Select(i => i % 2 == 0 ? 1f : -1f).ToArray();
        var q = Sphere(probes);
        return new SimulationSetup
        {
            Network = new NetworkSpec(n0, width, depth, activation),
            Dynamics = new LangevinDynamics(Dt: 0.05, Temperature: 0.02, Sigma2: 1.5, Sigma02: 0.8),
            Ensemble = new EnsembleSpec(members, seed, antithetic, firstMember),
            TrainInputs = x,
            TrainLabels = y,
            ProbeInputs = q,
        };
    }
}
