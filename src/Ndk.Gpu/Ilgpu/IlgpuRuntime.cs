using System.Reflection;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Ndk.Gpu.Ilgpu;

/// <summary>Creating ILGPU contexts and telling devices apart.</summary>
public static class IlgpuRuntime
{
    static int _resolverInstalled;

    /// <summary>
    /// ILGPU imports the drivers as "cuda" and "OpenCL", which .NET resolves to libcuda.so and libOpenCL.so
    /// only; driver-only installs (and GPU containers) often ship just libcuda.so.1 / libOpenCL.so.1.
    /// This resolver, installed once before the first context, falls back to the versioned names.
    /// </summary>
    public static void InstallDriverResolver()
    {
        if (Interlocked.Exchange(ref _resolverInstalled, 1) != 0) return;
        try { NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, ResolveDriver); }
        catch (InvalidOperationException) { /* someone else installed one for ILGPU: keep theirs */ }
    }

    static IntPtr ResolveDriver(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string[] candidates = name switch
        {
            "cuda" => ["libcuda.so", "libcuda.so.1"],
            "OpenCL" => ["libOpenCL.so", "libOpenCL.so.1"],
            _ => [],
        };
        if (!OperatingSystem.IsLinux()) return IntPtr.Zero;
        foreach (var candidate in candidates)
            if (NativeLibrary.TryLoad(candidate, out IntPtr handle)) return handle;
        return IntPtr.Zero; // default probing (then ILGPU reports the kind as unavailable)
    }

    /// <summary>
    /// A context with every CUDA device, every OpenCL device (including ones ILGPU cannot use, so that
    /// they can be reported; see <see cref="OpenClProblem"/>) and the default CPU simulator.
    /// Release settings: O1, no debug information or assertions.
    /// </summary>
    public static Context CreateContext()
    {
        InstallDriverResolver();
        return Context.Create(b => b.Cuda().OpenCL(_ => true).CPU(CPUDeviceKind.Default).EnableAlgorithms().Optimize(OptimizationLevel.O1));
    }

    /// <summary>
    /// A context with the devices of one kind only ("cuda", "opencl" or "ilgpu-cpu"), so that a broken
    /// driver of one kind cannot keep another from starting.
    /// </summary>
    public static Context CreateContext(string kind)
    {
        InstallDriverResolver();
        return kind switch
        {
            "cuda" => Context.Create(b => b.Cuda().EnableAlgorithms().Optimize(OptimizationLevel.O1)),
            "opencl" => Context.Create(b => b.OpenCL(_ => true).EnableAlgorithms().Optimize(OptimizationLevel.O1)),
            "ilgpu-cpu" => CreateCpuContext(),
            _ => throw new ArgumentException($"unknown ILGPU device kind '{kind}'", nameof(kind)),
        };
    }

    /// <summary>A context holding only ILGPU's CPU simulator (for tests).</summary>
    public static Context CreateCpuContext() =>
        Context.Create(b => b.CPU(CPUDeviceKind.Default).EnableAlgorithms().Optimize(OptimizationLevel.O1));

    /// <summary>Backend name of a device: "cuda", "opencl" or "ilgpu-cpu".</summary>
    public static string KindOf(Device device) => device.AcceleratorType switch
    {
        AcceleratorType.Cuda => "cuda",
        AcceleratorType.OpenCL => "opencl",
        _ => "ilgpu-cpu",
    };

    /// <summary>Why ILGPU cannot run kernels on an OpenCL device, or null when it can.</summary>
    public static string? OpenClProblem(Device device)
    {
        if (device is not CLDevice cl) return null;
        if (cl.CLStdVersion < CLBackend.MinimumVersion)
            return $"OpenCL C {cl.CLStdVersion} is older than the {CLBackend.MinimumVersion} ILGPU needs";
        if (!cl.Capabilities.GenericAddressSpace)
            return "the OpenCL driver lacks the generic address space ILGPU needs (typical of PoCL on CPUs); use CUDA or the cpu backend";
        return null;
    }

    /// <summary>Free device memory where the API reports it (CUDA), else null.</summary>
    public static long? FreeMemory(Accelerator accelerator)
    {
        if (accelerator is CudaAccelerator cuda)
        {
            try { return cuda.GetFreeMemory(); }
            catch (Exception) { return null; }
        }
        return null;
    }
}
