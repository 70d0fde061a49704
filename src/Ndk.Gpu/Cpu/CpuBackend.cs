using System.Runtime.Intrinsics.X86;

namespace Ndk.Gpu.Cpu;

/// <summary>
/// The CPU backend: members in parallel on worker threads, SIMD products, the fused Langevin update.
/// Runs everywhere (CI), in float32 or float64.
/// </summary>
public sealed class CpuBackend : IEnsembleBackend
{
    /// <param name="threads">Worker threads; default (or &lt;= 0): <see cref="Environment.ProcessorCount"/>.</param>
    public CpuBackend(int threads = 0)
    {
        Threads = threads > 0 ? threads : Environment.ProcessorCount;
    }

    public int Threads { get; }

    public string Name => "cpu";

    public string Description =>
        $"CPU, {Threads} thread(s), {(Fma.IsSupported ? "AVX2+FMA" : Avx2.IsSupported ? "AVX2" : "no AVX2")}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}";

    public long EstimateBytes(SimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        setup.Validate();
        return setup.Precision == Precision.Double
            ? CpuEnsemble<double>.EstimateBytes(setup, Threads)
            : CpuEnsemble<float>.EstimateBytes(setup, Threads);
    }

    public IEnsembleSimulation Create(SimulationSetup setup) => CreateSimulation(setup);

    /// <summary>As <see cref="Create"/>, typed.</summary>
    public CpuSimulation CreateSimulation(SimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        setup.Validate();
        return new CpuSimulation(setup, Threads);
    }

    public void Dispose() { }
}
