using Ndk.Gpu;

namespace Ndk.Host.Cli;

/// <summary>Opens the backend a device name asks for.</summary>
public static class Backends
{
    public static IEnsembleBackend Open(string device, Action<string> warn) => throw new NotImplementedException();
}
