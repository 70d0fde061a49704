namespace Ndk.Gpu;

/// <summary>A device that can train ensembles: the CPU SIMD backend, or an ILGPU accelerator.</summary>
public interface IEnsembleBackend : IDisposable
{
    /// <summary>Short name: "cpu", "cuda", "opencl", "ilgpu-cpu".</summary>
    string Name { get; }

    /// <summary>Human-readable device description (model, memory).</summary>
    string Description { get; }

    /// <summary>Bytes of device memory the simulation of this setup needs.</summary>
    long EstimateBytes(SimulationSetup setup);

    /// <summary>Allocates weights on the device and initialises them (step 0). Validates the setup.</summary>
    IEnsembleSimulation Create(SimulationSetup setup);
}
