using Ndk.Gpu.Devices;
using Ndk.Gpu.Ilgpu;

namespace Ndk.Gpu.Tests.Ilgpu;

/// <summary>The pieces `ndk selftest` and `ndk bench` use on a GPU, exercised on the CPU simulator.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuSelfCheckTests(IlgpuCpuFixture fixture)
{
    [Fact]
    public void NoiseCheckIsBitIdenticalOnTheSimulator()
    {
        var r = IlgpuNoiseCheck.Run(fixture.Backend, blocks: 256);
        Assert.Equal(r.Values, r.BitIdentical);
        Assert.Equal(0, r.MaxAbsDifference);
    }

    [Fact]
    public void ComparisonOfABackendWithItselfIsExact()
    {
        var (name, setup) = BackendComparison.StandardSetups().First();
        var r = BackendComparison.Compare(name, fixture.Backend, fixture.Backend, setup, steps: 2);
        Assert.True(r.Passed);
        Assert.Equal(0, r.Weights);
        Assert.Equal(0, r.Outputs);
    }

    [Fact]
    public void ProfileTimesEveryPhaseAndAdvances()
    {
        using var sim = (IlgpuSimulation)fixture.Backend.Create(BackendComparison.Tiny(2, Activation.Relu));
        var profile = sim.Profile(3);
        Assert.Equal(3, sim.Step);
        var phases = profile.Results();
        Assert.Equal(["forward", "readout", "backward", "update"], phases.Select(p => p.Name));
        Assert.All(phases, p => Assert.True(p.Seconds > 0 && p.Flops > 0 && p.Bytes > 0));
        Assert.Contains("ms/step", profile.ToString());
    }
}
