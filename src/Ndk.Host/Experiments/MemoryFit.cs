using Ndk.Gpu;
using Ndk.Gpu.Cpu;
using Ndk.Gpu.Ilgpu;

namespace Ndk.Host.Experiments;

/// <summary>
/// Checks the engine's memory estimate against what the device has before anything is allocated, and
/// names the largest ensemble that would fit when it does not.
/// </summary>
public static class MemoryFit
{
    /// <summary>Memory the backend can use: free device memory (or total when unknown); for the CPU, what the GC may take.</summary>
    public static long? AvailableBytes(IEnsembleBackend backend) => backend switch
    {
        CpuBackend => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        IlgpuBackend g => IlgpuRuntime.FreeMemory(g.Accelerator) ?? g.Accelerator.MemorySize,
        _ => null,
    };

    public static void Ensure(IEnsembleBackend backend, SimulationSetup setup)
    {
        if (AvailableBytes(backend) is not long available) return;
        long needed = backend.EstimateBytes(setup);
        if (needed <= available) return;
        int largest = LargestEnsemble(backend, setup, available);
        throw new ConfigException(
            $"ensemble.size = {setup.Ensemble.Size}: the simulation needs {needed:N0} bytes ({needed / 1e9:F2} GB) on {backend.Name}, " +
            $"which has {available:N0} bytes ({available / 1e9:F2} GB) available; the largest ensemble that fits is {largest} " +
            $"(or shard the run with --shard i/n)");
    }

    /// <summary>The largest ensemble size (even when antithetic) whose estimate fits in <paramref name="available"/> bytes.</summary>
    public static int LargestEnsemble(IEnsembleBackend backend, SimulationSetup setup, long available)
    {
        int stride = setup.Ensemble.Antithetic ? 2 : 1;
        long Bytes(int size) => backend.EstimateBytes(new SimulationSetup
        {
            Network = setup.Network, Dynamics = setup.Dynamics, Ensemble = setup.Ensemble with { Size = size },
            TrainInputs = setup.TrainInputs, TrainLabels = setup.TrainLabels, ProbeInputs = setup.ProbeInputs, Precision = setup.Precision,
        });
        int lo = 0, hi = Math.Max(1, setup.Ensemble.Size / stride);
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (Bytes(mid * stride) <= available) lo = mid; else hi = mid - 1;
        }
        return lo * stride;
    }
}
