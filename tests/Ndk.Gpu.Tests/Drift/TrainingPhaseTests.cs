using Ndk.Gpu.Cpu;
using Ndk.Gpu.Tests.Cpu;

namespace Ndk.Gpu.Tests.Drift;

/// <summary>The CPU backend's training phases (MODEL.md section 7): what a frozen readout freezes, and what the hidden weights then do.</summary>
public class TrainingPhaseTests
{
    static int ReadoutOffset(SimulationSetup s) => (int)(s.Network.ParameterCount - s.Network.Width);

    [Theory]
    [InlineData(TrainingPhase.FrozenReadout)]
    [InlineData(TrainingPhase.FrozenReadoutHiddenLearning)]
    public void FrozenReadoutStaysBitIdenticalWhileHiddenWeightsMove(TrainingPhase phase)
    {
        var setup = CpuTestSetups.Setup(size: 4, antithetic: true, temperature: 0.5);
        using var backend = new CpuBackend(2);
        using var sim = backend.Create(setup);
        sim.Advance(10);
        sim.Phase = phase;
        Assert.Equal(phase, sim.Phase);
        var before = sim.ExportState().Weights;
        sim.Advance(25);
        var after = sim.ExportState().Weights;
        int pc = (int)setup.Network.ParameterCount, ro = ReadoutOffset(setup);
        int hiddenMoved = 0;
        for (int m = 0; m < setup.Ensemble.Size; m++)
        {
            for (int i = ro; i < pc; i++) Assert.Equal(before[m * pc + i], after[m * pc + i]);
            for (int i = 0; i < ro; i++) if (before[m * pc + i] != after[m * pc + i]) hiddenMoved++;
        }
        Assert.Equal(setup.Ensemble.Size * ro, hiddenMoved);
    }

    [Fact]
    public void FrozenReadoutKeepsTheOtherWeightsNoise()
    {
        // The same hidden updates whether or not the readout is frozen, once the data gradient is off in both:
        // the noise is keyed by parameter index, and skipping a's must not shift anyone else's.
        var setup = CpuTestSetups.Setup(size: 4, temperature: 0.5);
        using var backend = new CpuBackend(1);
        using var frozen = backend.CreateSimulation(setup);
        using var prior = backend.CreateSimulation(setup);
        frozen.Phase = TrainingPhase.FrozenReadout;
        prior.DataGradient = false;
        frozen.Advance(20);
        prior.Advance(20);
        var a = frozen.ExportState().Weights;
        var b = prior.ExportState().Weights;
        int pc = (int)setup.Network.ParameterCount, ro = ReadoutOffset(setup);
        for (int m = 0; m < setup.Ensemble.Size; m++)
            for (int i = 0; i < ro; i++) Assert.Equal(b[m * pc + i], a[m * pc + i]);
    }

    [Fact]
    public void FrozenReadoutHiddenWeightsIgnoreTheLabels()
    {
        var setup = CpuTestSetups.Setup(size: 4, temperature: 0.5);
        var flipped = new SimulationSetup
        {
            Network = setup.Network, Dynamics = setup.Dynamics, Ensemble = setup.Ensemble, TrainInputs = setup.TrainInputs,
            TrainLabels = setup.TrainLabels.Select(y => -y).ToArray(), ProbeInputs = setup.ProbeInputs,
        };
        using var backend = new CpuBackend(1);
        using var a = backend.Create(setup);
        using var b = backend.Create(flipped);
        a.Phase = b.Phase = TrainingPhase.FrozenReadout;
        a.Advance(15);
        b.Advance(15);
        Assert.Equal(a.ExportState().Weights, b.ExportState().Weights);
        // With the hidden data gradient the labels matter.
        a.Phase = b.Phase = TrainingPhase.FrozenReadoutHiddenLearning;
        a.Advance(5);
        b.Advance(5);
        Assert.NotEqual(a.ExportState().Weights, b.ExportState().Weights);
    }

    /// <summary>
    /// With the readout frozen from step 0 and no data gradient, every hidden weight is the discrete OU
    /// process w_k = c w_(k-1) + s xi, c = 1 - dt T/sigma^2, s = sqrt(2 T dt): given w_0, w_k - c^k w_0 has mean 0
    /// and variance s^2 (1 - c^2k) / (1 - c^2); across the ensemble Var w_k = c^2k sigma0^2 + that. Checked over
    /// all hidden weights of all members (independent), within 4 standard errors.
    /// </summary>
    [Fact]
    public void HiddenWeightsFollowTheOuRecursion()
    {
        const double dt = 0.01, temperature = 1.0, sigma2 = 1.0, sigma02 = 0.25;
        const int steps = 100;
        var setup = CpuTestSetups.Setup(n0: 6, width: 64, depth: 2, size: 8, dt: dt, temperature: temperature, sigma2: sigma2, sigma02: sigma02);
        using var backend = new CpuBackend(2);
        using var sim = backend.Create(setup);
        sim.Phase = TrainingPhase.FrozenReadout;
        var w0 = sim.ExportState().Weights;
        sim.Advance(steps);
        var wk = sim.ExportState().Weights;
        double c = 1 - dt * temperature / sigma2, s2 = 2 * temperature * dt, ck = Math.Pow(c, steps);
        double residualVar = s2 * (1 - ck * ck) / (1 - c * c);
        int pc = (int)setup.Network.ParameterCount, ro = ReadoutOffset(setup);
        var resid = new List<double>();
        var values = new List<double>();
        for (int m = 0; m < setup.Ensemble.Size; m++)
            for (int i = 0; i < ro; i++)
            {
                resid.Add(wk[m * pc + i] - ck * w0[m * pc + i]);
                values.Add(wk[m * pc + i]);
            }
        int n = resid.Count;
        double meanResid = resid.Average();
        Assert.True(Math.Abs(meanResid) < 4 * Math.Sqrt(residualVar / n), $"mean of w_k - c^k w_0 = {meanResid:E3}");
        double varResid = resid.Sum(r => (r - meanResid) * (r - meanResid)) / (n - 1);
        Assert.True(Math.Abs(varResid - residualVar) < 4 * residualVar * Math.Sqrt(2.0 / (n - 1)), $"residual variance {varResid:F5} vs {residualVar:F5}");
        double expectVar = ck * ck * sigma02 + residualVar;
        double mean = values.Average(), v = values.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        Assert.True(Math.Abs(v - expectVar) < 4 * expectVar * Math.Sqrt(2.0 / (n - 1)), $"variance {v:F5} vs {expectVar:F5}");
    }

    [Fact]
    public void UnknownPhaseIsRefused()
    {
        using var backend = new CpuBackend(1);
        using var sim = backend.Create(CpuTestSetups.Setup(size: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Phase = (TrainingPhase)7);
    }
}
