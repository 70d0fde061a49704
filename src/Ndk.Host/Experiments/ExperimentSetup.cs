using Ndk.Gpu;
using Ndk.Host.Data;
using Ndk.Host.Theory;

namespace Ndk.Host.Experiments;

/// <summary>Turns a config and its data into the engine's setup and the theory's spec: one place for the mapping.</summary>
public static class ExperimentSetup
{
    public static Activation ActivationOf(ExperimentConfig c) => Enum.Parse<Activation>(c.Network.Activation, ignoreCase: true);

    public static TheorySpec Theory(ExperimentConfig c) =>
        new(ActivationOf(c), c.Network.Depth, c.Dynamics.Sigma2, c.Dynamics.Sigma02, c.Dynamics.Temperature);

    public static SimulationSetup Simulation(ExperimentConfig c, Dataset d, int firstMember = 0, int? members = null) => new()
    {
        Network = new NetworkSpec(d.InputDim, c.Network.Width, c.Network.Depth, ActivationOf(c)),
        Dynamics = new LangevinDynamics(c.Dynamics.Dt, c.Dynamics.Temperature, c.Dynamics.Sigma2, c.Dynamics.Sigma02),
        Ensemble = new EnsembleSpec(members ?? c.Ensemble.Size, c.Ensemble.Seed, c.Ensemble.Antithetic, firstMember),
        TrainInputs = Flatten(d.TrainX),
        TrainLabels = d.TrainY.Select(v => (float)v).ToArray(),
        ProbeInputs = Flatten(d.TestX),
        Precision = c.Precision == "double" ? Precision.Double : Precision.Single,
    };

    static float[] Flatten(double[][] rows)
    {
        int n0 = rows.Length == 0 ? 0 : rows[0].Length;
        var f = new float[rows.Length * n0];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < n0; j++) f[i * n0 + j] = (float)rows[i][j];
        return f;
    }
}
