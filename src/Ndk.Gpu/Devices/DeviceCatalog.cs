using ILGPU;
using ILGPU.Runtime;
using Ndk.Gpu.Ilgpu;

namespace Ndk.Gpu.Devices;

/// <summary>
/// Finds the devices: CUDA GPUs, OpenCL devices (with the reason when ILGPU cannot use one, e.g. PoCL
/// lacking the generic address space), ILGPU's CPU simulator (kernel tests only) and the CPU backend.
/// Each kind is enumerated in its own context, so a broken driver shows up as a problem, not a crash.
/// "auto" takes the first CUDA device, else the first usable OpenCL device, else "cpu".
/// </summary>
public static class DeviceCatalog
{
    public static DeviceListing List()
    {
        var devices = new List<DeviceEntry>();
        var problems = new List<string>();
        Enumerate("cuda", devices, problems, ctx => ctx.Devices.Where(d => d.AcceleratorType == AcceleratorType.Cuda));
        Enumerate("opencl", devices, problems, ctx => ctx.Devices.Where(d => d.AcceleratorType == AcceleratorType.OpenCL));
        Enumerate("ilgpu-cpu", devices, problems, ctx => ctx.Devices.Take(1));
        devices.Add(CpuEntry());
        if (!devices.Any(d => d.Kind == "cuda"))
            problems.Add("no CUDA device: ILGPU needs an NVIDIA GPU and its driver (libcuda.so); no CUDA toolkit is needed");
        return new DeviceListing(devices, problems, AutoChoice(devices));
    }

    /// <summary>The id "auto" resolves to among these devices.</summary>
    public static string AutoChoice(IReadOnlyList<DeviceEntry> devices) =>
        devices.FirstOrDefault(d => d.Usable && d.Kind == "cuda")?.Id
        ?? devices.FirstOrDefault(d => d.Usable && d.Kind == "opencl")?.Id
        ?? "cpu";

    static void Enumerate(string kind, List<DeviceEntry> devices, List<string> problems, Func<Context, IEnumerable<Device>> select)
    {
        try
        {
            using var context = IlgpuRuntime.CreateContext(kind);
            int index = 0;
            foreach (var device in select(context))
            {
                string? problem = IlgpuRuntime.OpenClProblem(device);
                string id = kind == "ilgpu-cpu" ? kind : $"{kind}:{index}";
                string name = kind == "ilgpu-cpu" ? "ILGPU CPU simulator (kernel tests only; far slower than cpu)" : device.Name;
                devices.Add(new DeviceEntry(id, kind, name, kind == "ilgpu-cpu" ? HostMemory() : device.MemorySize, problem is null, problem));
                index++;
            }
        }
        catch (Exception e)
        {
            problems.Add($"{kind}: enumeration failed: {e.GetType().Name}: {e.Message}");
        }
    }

    static DeviceEntry CpuEntry() =>
        new("cpu", "cpu", $"CPU backend, {Environment.ProcessorCount} cores ({System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture})",
            HostMemory(), true, null);

    static long HostMemory() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
}
