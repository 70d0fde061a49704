using Ndk.Gpu.Cpu;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>EstimateBytes against what creating the simulation really allocates (weights and all scratch).</summary>
public class CpuMemoryEstimateTests
{
    [Theory]
    [InlineData(Precision.Single, 1, 32, 64, 2, 20, false)]
    [InlineData(Precision.Double, 2, 8, 256, 1, 100, false)]
    [InlineData(Precision.Single, 4, 2, 128, 3, 10, false)]   // row-parallel: scratch per thread
    [InlineData(Precision.Single, 2, 8, 256, 1, 100, true)]   // antithetic pairs: a second scratch per thread
    public void EstimateMatchesAllocation(Precision precision, int threads, int size, int width, int depth, int train, bool antithetic)
    {
        var setup = CpuTestSetups.Setup(n0: 30, width: width, depth: depth, train: train, size: size, precision: precision, antithetic: antithetic);
        using var backend = new CpuBackend(threads);
        long estimate = backend.EstimateBytes(setup);
        long before = GC.GetAllocatedBytesForCurrentThread();
        using var sim = backend.Create(setup);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long weights = size * setup.Network.ParameterCount * (precision == Precision.Single ? 4 : 8);
        Assert.True(estimate >= weights);
        Assert.InRange(estimate, 0.85 * allocated, 1.15 * allocated);
    }
}
