using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace Ndk.Gpu.Ilgpu;

/// <summary>
/// The float32 engine on one ILGPU accelerator: CUDA, OpenCL or ILGPU's CPU simulator (for kernel tests),
/// one code path for all three. The accelerator is opened at construction and its kernels are compiled
/// once, at the first <see cref="Create"/>; simulations share them.
/// </summary>
public sealed class IlgpuBackend : IEnsembleBackend
{
    readonly Context _context;
    readonly bool _ownsContext;
    readonly Lazy<IlgpuKernelSet> _kernels;
    bool _disposed;

    public Accelerator Accelerator { get; }
    public string Name { get; }
    public string Description { get; }

    /// <summary>Opens <paramref name="device"/> of <paramref name="context"/>; disposes the context too when it owns it.</summary>
    public IlgpuBackend(Context context, Device device, bool ownsContext = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(device);
        string? problem = IlgpuRuntime.OpenClProblem(device);
        if (problem is not null)
            throw new NotSupportedException($"OpenCL device '{device.Name}' cannot run ILGPU kernels: {problem}");
        _context = context;
        _ownsContext = ownsContext;
        Name = IlgpuRuntime.KindOf(device);
        Accelerator = device.CreateAccelerator(context);
        Description = $"{Accelerator.Name} ({Name}, {MemoryLimit() / (1024.0 * 1024 * 1024):F1} GiB, "
            + $"{Accelerator.NumMultiprocessors} multiprocessors, max group {Accelerator.MaxNumThreadsPerGroup})";
        _kernels = new Lazy<IlgpuKernelSet>(() => new IlgpuKernelSet(Accelerator));
    }

    /// <summary>
    /// A backend on ILGPU's CPU simulator with its own context (tests, reference runs): by default ILGPU's
    /// default simulator (warps of 4, 4 warps: 16 threads a group); smaller groups run faster there.
    /// </summary>
    public static IlgpuBackend CreateCpuSimulator(int threadsPerWarp = 4, int warpsPerGroup = 4)
    {
        var device = new ILGPU.Runtime.CPU.CPUDevice(threadsPerWarp, warpsPerGroup, numMultiprocessors: 1);
        var context = Context.Create(b => b.CPU(device).EnableAlgorithms().Optimize(OptimizationLevel.O1));
        try { return new IlgpuBackend(context, context.Devices[0], ownsContext: true); }
        catch { context.Dispose(); throw; }
    }

    /// <summary>Compiles the kernels now (else at the first <see cref="Create"/>), so that a device that cannot run them fails early.</summary>
    public void CompileKernels()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _ = _kernels.Value;
    }

    public long EstimateBytes(SimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new IlgpuLayout(setup).Bytes;
    }

    public IEnsembleSimulation Create(SimulationSetup setup)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(setup);
        setup.Validate();
        if (setup.Precision != Precision.Single)
            throw new NotSupportedException($"the {Name} backend computes in float32 only; Precision.{setup.Precision} needs the cpu backend");
        var layout = new IlgpuLayout(setup);
        string? unsupported = layout.Unsupported();
        if (unsupported is not null)
            throw new NotSupportedException($"the {Name} backend cannot take this setup: {unsupported}");
        CheckMemory(layout.Bytes);
        return new IlgpuSimulation(Accelerator, _kernels.Value, setup, layout);
    }

    void CheckMemory(long needed) =>
        EnsureFits(Accelerator.Name, needed, IlgpuRuntime.FreeMemory(Accelerator), MemoryLimit());

    /// <summary>Device memory; for ILGPU's CPU simulator (which reports long.MaxValue) the host's.</summary>
    long MemoryLimit() => Accelerator.AcceleratorType == AcceleratorType.CPU
        ? Math.Min(Accelerator.MemorySize, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)
        : Accelerator.MemorySize;

    /// <summary>Throws <see cref="InsufficientMemoryException"/> naming the bytes when <paramref name="needed"/> exceeds free (or, unknown, total) memory.</summary>
    internal static void EnsureFits(string device, long needed, long? free, long total)
    {
        long available = free ?? total;
        if (needed <= available) return;
        throw new InsufficientMemoryException(
            $"the ensemble needs {needed} bytes ({Gib(needed)}) of device memory, but {device} has "
            + (free is { } f ? $"{f} bytes ({Gib(f)}) free of " : "")
            + $"{total} bytes ({Gib(total)}) total; reduce the ensemble size, width or points, or shard the ensemble");
    }

    static string Gib(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):F2} GiB";

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Accelerator.Dispose();
        if (_ownsContext) _context.Dispose();
    }
}
