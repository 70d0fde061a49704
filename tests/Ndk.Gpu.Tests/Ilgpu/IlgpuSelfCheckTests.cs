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

[Collection(IlgpuCpuCollection.Name)]
public sealed class DeviceBenchTests(IlgpuCpuFixture fixture)
{
    [Fact]
    public void ParsesWorkloads()
    {
        var w = BenchWorkload.Parse("E=1024,N0=784,N=1024,L=1,P=100");
        Assert.Equal(new BenchWorkload(1024, 784, 1024, 1, 100), w);
        Assert.Equal(Activation.Erf, BenchWorkload.Parse("E=2, N0=3, N=4, L=2, P=5, Q=6, act=erf, anti=0").Activation);
        Assert.Throws<FormatException>(() => BenchWorkload.Parse("E=2,N0=3"));
        // 4 P E (N N0) + 6 P E N for L = 1.
        Assert.Equal(1024.0 * 100 * (4.0 * 1024 * 784 + 6 * 1024), w.FlopsPerStep());
    }

    [Fact]
    public void RunsATinyBenchAndWritesJson()
    {
        var r = DeviceBench.Run(fixture.Backend, BenchWorkload.Parse("E=2,N0=6,N=8,L=2,P=4,Q=3,act=erf"), steps: 3, profileSteps: 2);
        Assert.True(r.Finite);
        Assert.Equal(4, r.Phases.Count);
        Assert.Contains("\"msPerStep\"", r.ToJson());
    }
}
