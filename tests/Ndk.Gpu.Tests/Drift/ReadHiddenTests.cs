using Ndk.Gpu.Cpu;
using Ndk.Gpu.Tests.Cpu;

namespace Ndk.Gpu.Tests.Drift;

/// <summary>ReadHidden against a direct double-precision forward pass from the exported weights.</summary>
public class ReadHiddenTests
{
    /// <summary>phi(h^l(x)) of every member from ExportState's layout: W^1 (N x N0), W^2..W^L (N x N), a (N), row-major.</summary>
    internal static double[] Recompute(SimulationSetup s, double[] weights, int layer, int[] points)
    {
        int n0 = s.Network.InputDim, n = s.Network.Width, pc = (int)s.Network.ParameterCount;
        var result = new double[s.Ensemble.Size * points.Length * n];
        for (int m = 0; m < s.Ensemble.Size; m++)
            for (int k = 0; k < points.Length; k++)
            {
                int i = points[k];
                double[] below = (i < s.TrainCount ? s.TrainInputs.AsSpan(i * n0, n0) : s.ProbeInputs.AsSpan((i - s.TrainCount) * n0, n0))
                    .ToArray().Select(v => (double)v).ToArray();
                int off = m * pc;
                for (int l = 1; l <= layer; l++)
                {
                    int fanIn = below.Length;
                    var act = new double[n];
                    for (int u = 0; u < n; u++)
                    {
                        double h = 0;
                        for (int j = 0; j < fanIn; j++) h += weights[off + u * fanIn + j] * below[j];
                        act[u] = ActivationFunctions.Phi((int)s.Network.Activation, h / Math.Sqrt(fanIn));
                    }
                    off += n * fanIn;
                    below = act;
                }
                Array.Copy(below, 0, result, (m * points.Length + k) * n, n);
            }
        return result;
    }

    [Theory]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Erf, 2)]
    [InlineData(Activation.Relu, 2)]
    public void MatchesRecomputationFromExportedWeights(Activation activation, int layer)
    {
        // 13 train points: more than one 8-column chunk of probes is read in one call.
        var setup = CpuTestSetups.Setup(n0: 7, width: 24, depth: 2, act: activation, train: 13, probes: 3, size: 4, antithetic: true);
        using var backend = new CpuBackend(2);
        using var sim = backend.Create(setup);
        sim.Advance(30);
        int[] points = [14, 0, 12, 15, 3, 1, 2, 4, 5, 6, 7];
        var got = new float[setup.Ensemble.Size * points.Length * setup.Network.Width];
        sim.ReadHidden(layer, points, got);
        var want = Recompute(setup, sim.ExportState().Weights, layer, points);
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(got[i] - want[i]) <= 1e-5 * Math.Max(1, Math.Abs(want[i])), $"value {i}: {got[i]} vs {want[i]}");
    }

    [Fact]
    public void RefusesBadLayersAndPoints()
    {
        var setup = CpuTestSetups.Setup(size: 2);
        using var backend = new CpuBackend(1);
        using var sim = backend.Create(setup);
        var dest = new float[2 * setup.Network.Width];
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ReadHidden(0, [0], dest));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ReadHidden(3, [0], dest));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ReadHidden(1, [setup.PointCount], dest));
        Assert.Throws<ArgumentException>(() => sim.ReadHidden(1, [0, 1], dest));
    }
}
