using ILGPU;
using ILGPU.Runtime;
using Ndk.Gpu.Ilgpu;

namespace Ndk.Gpu.Devices;

/// <summary>A device that was asked for by name and cannot start; the message says why and what to do.</summary>
public sealed class DeviceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Opens a backend by name: "auto", "cuda", "cuda:N", "opencl", "opencl:N", "cpu", "ilgpu-cpu".
/// A named GPU that cannot start throws <see cref="DeviceUnavailableException"/>; "auto" tries the first
/// CUDA device, then the usable OpenCL devices (skipping, with a warning, ones ILGPU cannot use such as
/// PoCL without generic address space), then the CPU backend, warning at each fallback. GPU backends
/// compile their kernels while opening, so a device that cannot run them is caught here.
/// The CPU backend comes from <paramref name="cpuFactory"/> (Ndk.Gpu.Cpu.CpuBackend once merged).
/// </summary>
public static class DeviceSelector
{
    public const string Names = "auto, cuda, cuda:N, cuda:all, a list such as cuda:0,cuda:1, opencl, opencl:N, cpu, ilgpu-cpu";

    public static IEnsembleBackend Open(string device, Action<string> warn, Func<IEnsembleBackend> cpuFactory)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(warn);
        ArgumentNullException.ThrowIfNull(cpuFactory);
        string name = device.Trim().ToLowerInvariant();
        if (name == "cuda:all")
        {
            int count = Count("cuda");
            if (count == 0) throw new DeviceUnavailableException("cuda:all: no CUDA device found; use --device cpu otherwise");
            name = string.Join(",", Enumerable.Range(0, count).Select(i => $"cuda:{i}"));
        }
        if (name.Contains(','))
        {
            // Several devices: each opened as on its own, the members split across them.
            var opened = new List<IEnsembleBackend>();
            try
            {
                foreach (var part in name.Split(',', StringSplitOptions.TrimEntries)) opened.Add(Open(part, warn, cpuFactory));
            }
            catch
            {
                foreach (var b in opened) b.Dispose();
                throw;
            }
            return new MultiDeviceBackend(opened);
        }
        switch (name)
        {
            case "auto": return OpenAuto(warn, cpuFactory);
            case "cpu": return cpuFactory();
            case "ilgpu-cpu":
                warn("ilgpu-cpu is ILGPU's CPU simulator, meant for kernel tests: it is about 100 times slower than the cpu backend");
                return OpenIlgpu("ilgpu-cpu", 0);
        }
        var (kind, index) = Parse(name);
        return OpenIlgpu(kind, index);
    }

    static (string kind, int index) Parse(string name)
    {
        foreach (var kind in new[] { "cuda", "opencl" })
        {
            if (name == kind) return (kind, 0);
            if (name.StartsWith(kind + ":", StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(kind.Length + 1), System.Globalization.NumberStyles.None, null, out int index))
                return (kind, index);
        }
        throw new ArgumentException($"unknown device '{name}'; expected one of: {Names}");
    }

    static IEnsembleBackend OpenAuto(Action<string> warn, Func<IEnsembleBackend> cpuFactory)
    {
        foreach (var kind in new[] { "cuda", "opencl" })
        {
            int count;
            try { count = Count(kind); }
            catch (Exception e)
            {
                warn($"auto: {kind} unavailable ({e.Message})");
                continue;
            }
            for (int i = 0; i < count; i++)
            {
                try { return OpenIlgpu(kind, i); }
                catch (DeviceUnavailableException e) { warn($"auto: skipping {kind}:{i}: {e.Message}"); }
            }
        }
        warn("auto: no usable CUDA or OpenCL device; using the cpu backend");
        return cpuFactory();
    }

    static int Count(string kind)
    {
        using var context = IlgpuRuntime.CreateContext(kind);
        return Devices(context, kind).Count;
    }

    static IReadOnlyList<Device> Devices(Context context, string kind) => kind switch
    {
        "cuda" => context.Devices.Where(d => d.AcceleratorType == AcceleratorType.Cuda).ToList(),
        "opencl" => context.Devices.Where(d => d.AcceleratorType == AcceleratorType.OpenCL).ToList(),
        _ => context.Devices.Take(1).ToList(),
    };

    /// <summary>Opens device <paramref name="index"/> of a kind with its own context, compiling the kernels.</summary>
    static IlgpuBackend OpenIlgpu(string kind, int index)
    {
        Context context;
        try { context = IlgpuRuntime.CreateContext(kind); }
        catch (Exception e)
        {
            throw new DeviceUnavailableException($"{kind}: the ILGPU runtime failed to start: {e.Message}", e);
        }
        IlgpuBackend? backend = null;
        try
        {
            var devices = Devices(context, kind);
            if (devices.Count == 0)
                throw new DeviceUnavailableException(kind == "cuda"
                    ? "no CUDA device found: an NVIDIA GPU with its driver (libcuda.so) is needed; use --device cpu otherwise"
                    : "no OpenCL device found (ILGPU also needs libOpenCL.so, not only libOpenCL.so.1); use --device cpu otherwise");
            if (index >= devices.Count)
                throw new DeviceUnavailableException($"{kind}:{index} does not exist; found {devices.Count} {kind} device(s) (indices 0..{devices.Count - 1})");
            var device = devices[index];
            string? problem = IlgpuRuntime.OpenClProblem(device);
            if (problem is not null)
                throw new DeviceUnavailableException($"{kind}:{index} ({device.Name}) cannot run ILGPU kernels: {problem}");
            try
            {
                backend = new IlgpuBackend(context, device, ownsContext: true);
                backend.CompileKernels();
                return backend;
            }
            catch (Exception e) when (e is not DeviceUnavailableException)
            {
                throw new DeviceUnavailableException($"{kind}:{index} ({device.Name}) failed to start: {e.GetType().Name}: {e.Message}", e);
            }
        }
        catch
        {
            if (backend is not null) backend.Dispose();
            else context.Dispose();
            throw;
        }
    }
}
