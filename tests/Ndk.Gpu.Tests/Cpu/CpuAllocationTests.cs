using Ndk.Gpu.Cpu;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>The step loop allocates nothing: all scratch is sized when the simulation is created.</summary>
public class CpuAllocationTests
{
    [Theory]
    [InlineData(Precision.Single, false)]
    [InlineData(Precision.Double, false)]
    [InlineData(Precision.Single, true)]    // antithetic: the pair is stepped together
    public void StepsDoNotAllocate(Precision precision, bool antithetic)
    {
        var setup = CpuTestSetups.Setup(size: 2, precision: precision, antithetic: antithetic);
        using var backend = new CpuBackend(1);   // one worker: Advance runs on this thread, no Parallel.For
        using var sim = backend.Create(setup);
        sim.Advance(3);                            // JIT, first touches
        long before = GC.GetAllocatedBytesForCurrentThread();
        sim.Advance(200);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"200 steps allocated {allocated} bytes");
    }
}
