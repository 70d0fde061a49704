using Ndk.Gpu.Ilgpu;

namespace Ndk.Gpu.Tests.Ilgpu;

/// <summary>One ILGPU CPU-simulator context, accelerator and kernel set for the whole test run (first launch costs seconds).</summary>
public sealed class IlgpuCpuFixture : IDisposable
{
    public IlgpuBackend Backend { get; } = IlgpuBackend.CreateCpuSimulator();

    public void Dispose() => Backend.Dispose();
}

[CollectionDefinition(Name)]
public sealed class IlgpuCpuCollection : ICollectionFixture<IlgpuCpuFixture>
{
    public const string Name = "ilgpu-cpu";
}
