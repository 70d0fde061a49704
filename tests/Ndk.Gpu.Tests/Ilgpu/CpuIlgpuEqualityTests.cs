using Ndk.Gpu.Cpu;
using Ndk.Gpu.Devices;

namespace Ndk.Gpu.Tests.Ilgpu;

/// <summary>
/// The two backends side by side: the CPU backend and the ILGPU kernels on ILGPU's CPU accelerator, same
/// seed, 100 steps. The noise is the same code, so the initial weights are bit-identical; the trajectories
/// differ only by float32 rounding (different summation orders), bounded by 1e-4 relative
/// (about 100 steps x 10 roundings x 6e-8, with room).
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class CpuIlgpuEqualityTests(IlgpuCpuFixture fixture)
{
    public static TheoryData<string> Cases() => [.. BackendComparison.StandardSetups().Select(c => c.name).Where(n => !n.Contains("wide"))];

    [Theory]
    [MemberData(nameof(Cases))]
    public void CpuBackendAndIlgpuKernelsAgree(string name)
    {
        var setup = BackendComparison.StandardSetups().Single(c => c.name == name).setup;
        using var cpu = new CpuBackend(threads: 1);
        var r = BackendComparison.Compare(name, cpu, fixture.Backend, setup);
        Assert.Equal(0, r.Init);
        Assert.True(r.Passed, $"{name}: weights {r.Weights:G3}, outputs {r.Outputs:G3} (bound {BackendComparison.Bound})");
    }
}
