using Ndk.Gpu;
using Ndk.Gpu.Cpu;
using Ndk.Gpu.Devices;

namespace Ndk.Host.Cli;

/// <summary>Opens the backend a device name asks for; `auto` falls back to the CPU backend with a warning.</summary>
public static class Backends
{
    public static IEnsembleBackend Open(string device, Action<string> warn)
    {
        try { return DeviceSelector.Open(device, warn, () => new CpuBackend()); }
        catch (DeviceUnavailableException e) { throw new Experiments.ConfigException($"device '{device}': {e.Message}"); }
    }
}
