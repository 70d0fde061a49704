using Ndk.Gpu.Ilgpu;

namespace Ndk.Gpu.Tests.Ilgpu;

/// <summary>
/// One ILGPU CPU-simulator context, accelerator and kernel set for the whole test run (first launch costs
/// seconds). NDK_ILGPU_TEST_THREADS=16 uses ILGPU's default simulator (16 threads a group, T = 4);
/// the default, 4 threads a group (T = 2), runs the same generic kernels with a quarter of the OS threads
/// and barrier traffic, which matters on a shared 2-core machine. The T = 16 GPU geometry has its own test.
/// </summary>
public sealed class IlgpuCpuFixture : IDisposable
{
    public IlgpuBackend Backend { get; } = Environment.GetEnvironmentVariable("NDK_ILGPU_TEST_THREADS") == "16"
        ? IlgpuBackend.CreateCpuSimulator()
        : IlgpuBackend.CreateCpuSimulator(threadsPerWarp: 2, warpsPerGroup: 2);

    public void Dispose() => Backend.Dispose();
}

[CollectionDefinition(Name)]
public sealed class IlgpuCpuCollection : ICollectionFixture<IlgpuCpuFixture>
{
    public const string Name = "ilgpu-cpu";
}
