using Ndk.Gpu.Cpu;
using Ndk.Gpu.Tests.Ilgpu;

namespace Ndk.Gpu.Tests.Drift;

/// <summary>
/// The ILGPU backend (CPU simulator, tiny sizes) against the CPU backend for the training phases and ReadHidden.
/// Both start from the same weights and draw the same noise; float32 rounding differs, so weights and hidden
/// activations must agree to the bound of <see cref="IlgpuBackendEqualityTests"/> (1e-4 relative), and the
/// frozen readout exactly (it is not touched at all).
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuDriftEqualityTests(IlgpuCpuFixture fixture)
{
    [Theory]
    [InlineData(TrainingPhase.FrozenReadout, Activation.Relu)]
    [InlineData(TrainingPhase.FrozenReadoutHiddenLearning, Activation.Relu)]
    [InlineData(TrainingPhase.FrozenReadout, Activation.Erf)]
    public void PhaseAndReadHiddenMatchTheCpuBackend(TrainingPhase phase, Activation activation)
    {
        var setup = Setups.Tiny(members: 4, n0: 5, width: 7, depth: 2, activation: activation, train: 3, probes: 4, antithetic: true);
        using var cpuBackend = new CpuBackend(1);
        using var cpu = cpuBackend.Create(setup);
        using var gpu = fixture.Backend.Create(setup);
        Assert.Equal(cpu.ExportState().Weights, gpu.ExportState().Weights);
        cpu.Advance(20);
        gpu.Advance(20);
        cpu.Phase = gpu.Phase = phase;
        Assert.Equal(phase, gpu.Phase);
        var atFreeze = gpu.ExportState().Weights;
        cpu.Advance(30);
        gpu.Advance(30);
        var wc = cpu.ExportState().Weights;
        var wg = gpu.ExportState().Weights;
        int pc = (int)setup.Network.ParameterCount, ro = pc - setup.Network.Width;
        for (int m = 0; m < setup.Ensemble.Size; m++)
            for (int i = ro; i < pc; i++) Assert.Equal(atFreeze[m * pc + i], wg[m * pc + i]);
        Assert.True(MaxRelative(wg, wc) <= IlgpuBackendEqualityTests.Bound, $"weights differ by {MaxRelative(wg, wc):E3}");

        int[] points = [4, 0, 5, 6, 2]; // probes and train points, a run of consecutive ones and single ones
        for (int layer = 1; layer <= setup.Network.Depth; layer++)
        {
            var hc = new float[setup.Ensemble.Size * points.Length * setup.Network.Width];
            var hg = new float[hc.Length];
            cpu.ReadHidden(layer, points, hc);
            gpu.ReadHidden(layer, points, hg);
            double worst = hc.Zip(hg, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
            Assert.True(worst <= IlgpuBackendEqualityTests.Bound, $"layer {layer}: hidden activations differ by {worst:E3}");
        }
    }

    static double MaxRelative(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y) / Math.Max(1, Math.Abs(y))).Max();
}
