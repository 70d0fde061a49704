using Ndk.Gpu.Cpu;
using Ndk.Gpu.Devices;

namespace Ndk.Gpu.Tests.Devices;

/// <summary>Members split across several devices give the same ensemble as one device, bit for bit (CPU backends stand in for GPUs).</summary>
public class MultiDeviceTests
{
    static SimulationSetup Setup() => BackendComparison.Tiny(2, Activation.Erf, members: 10, n0: 6, width: 12, train: 4, probes: 3);

    static (double[] Outputs, double[] Weights) Run(IEnsembleBackend backend, int steps)
    {
        var setup = Setup();
        using var sim = backend.Create(setup);
        sim.Advance(steps);
        var f = new double[setup.Ensemble.Size * setup.PointCount];
        sim.ReadOutputs(f);
        return (f, sim.ExportState().Weights);
    }

    [Fact]
    public void ThreeDevicesEqualOne()
    {
        using var one = new CpuBackend(threads: 1);
        using var three = new MultiDeviceBackend([new CpuBackend(1), new CpuBackend(1), new CpuBackend(1)]);
        var a = Run(one, 30);
        var b = Run(three, 30);
        Assert.Equal(a.Outputs, b.Outputs);
        Assert.Equal(a.Weights, b.Weights);
    }

    [Fact]
    public void StateRoundTripsAcrossTheBlocks()
    {
        using var two = new MultiDeviceBackend([new CpuBackend(1), new CpuBackend(1)]);
        var setup = Setup();
        using var sim = two.Create(setup);
        sim.Advance(5);
        var state = sim.ExportState();
        sim.Advance(7);
        var expected = sim.ExportState().Weights;
        using var again = two.Create(setup);
        again.ImportState(state);
        again.Advance(7);
        Assert.Equal(expected, again.ExportState().Weights);
        Assert.Equal(12, again.Step);
    }

    [Fact]
    public void ASelectorListOpensEveryDevice()
    {
        var warnings = new List<string>();
        using var backend = DeviceSelector.Open("cpu,cpu", warnings.Add, () => new CpuBackend(1));
        var multi = Assert.IsType<MultiDeviceBackend>(backend);
        Assert.Equal("cpu,cpu", multi.Name);
        Assert.Throws<DeviceUnavailableException>(() => DeviceSelector.Open("cpu,cuda:7", _ => { }, () => new CpuBackend(1)));
    }
}
