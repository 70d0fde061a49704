using Ndk.Gpu.Cpu;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>Small, fixed-seed setups shared by the CPU backend tests.</summary>
internal static class CpuTestSetups
{
    /// <summary>Random inputs rescaled to |x|^2 = N0, labels +-1, from a fixed System.Random seed.</summary>
    public static (float[] inputs, float[] labels) Data(int count, int n0, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count * n0];
        var y = new float[count];
        for (int mu = 0; mu < count; mu++)
        {
            double norm = 0;
            var row = new double[n0];
            for (int j = 0; j < n0; j++) { row[j] = Gauss(rng); norm += row[j] * row[j]; }
            double s = Math.Sqrt(n0 / norm);
            for (int j = 0; j < n0; j++) x[mu * n0 + j] = (float)(row[j] * s);
            y[mu] = rng.Next(2) == 0 ? -1f : 1f;
        }
        return (x, y);
    }

    public static double Gauss(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static SimulationSetup Setup(int n0 = 6, int width = 16, int depth = 2, Activation act = Activation.Relu,
        int train = 5, int probes = 3, int size = 16, ulong seed = 1234, bool antithetic = false, int first = 0,
        Precision precision = Precision.Single, double dt = 0.01, double temperature = 0.05, double sigma2 = 1.0,
        double sigma02 = 1.0)
    {
        var (x, y) = Data(train, n0, 77);
        var (q, _) = Data(probes, n0, 78);
        return new SimulationSetup
        {
            Network = new NetworkSpec(n0, width, depth, act),
            Dynamics = new LangevinDynamics(dt, temperature, sigma2, sigma02),
            Ensemble = new EnsembleSpec(size, seed, antithetic, first),
            TrainInputs = x,
            TrainLabels = y,
            ProbeInputs = q,
            Precision = precision,
        };
    }

    public static double[] Outputs(IEnsembleSimulation sim)
    {
        var d = new double[sim.Setup.Ensemble.Size * sim.Setup.PointCount];
        sim.ReadOutputs(d);
        return d;
    }
}
