using Ndk.Gpu.Devices;

namespace Ndk.Gpu.Tests.Ilgpu;

internal static class Setups
{
    /// <summary>The self-check's tiny seeded setup, without antithetic pairs unless asked.</summary>
    public static SimulationSetup Tiny(int members = 4, int n0 = 5, int width = 8, int depth = 1,
        Activation activation = Activation.Relu, int train = 3, int probes = 2, ulong seed = 12345,
        bool antithetic = false, int firstMember = 0) =>
        BackendComparison.Tiny(depth, activation, members, n0, width, train, probes, seed, antithetic, firstMember);
}
