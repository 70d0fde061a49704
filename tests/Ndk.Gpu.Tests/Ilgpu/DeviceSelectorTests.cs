using Ndk.Gpu.Devices;
using Ndk.Gpu.Ilgpu;
using Xunit.Abstractions;

namespace Ndk.Gpu.Tests.Ilgpu;

public sealed class DeviceSelectorTests(ITestOutputHelper output)
{
    sealed class FakeCpuBackend : IEnsembleBackend
    {
        public string Name => "cpu";
        public string Description => "fake";
        public long EstimateBytes(SimulationSetup setup) => 0;
        public IEnsembleSimulation Create(SimulationSetup setup) => throw new NotImplementedException();
        public void Dispose() { }
    }

    static readonly Lazy<DeviceListing> Listing = new(DeviceCatalog.List);
    static bool HasGpu => Listing.Value.Devices.Any(d => d.Usable && d.Kind is "cuda" or "opencl");

    [Fact]
    public void ListsTheCpuBackendsAndTheAutoChoice()
    {
        var listing = Listing.Value;
        output.WriteLine(listing.ToString());
        Assert.Contains(listing.Devices, d => d.Id == "cpu" && d.Usable && d.MemoryBytes > 0);
        Assert.Contains(listing.Devices, d => d.Id == "ilgpu-cpu" && d.Kind == "ilgpu-cpu");
        Assert.Equal(DeviceCatalog.AutoChoice(listing.Devices), listing.AutoChoice);
        Assert.Contains("auto -> " + listing.AutoChoice, listing.ToString());
        if (!HasGpu) Assert.Equal("cpu", listing.AutoChoice);
    }

    [Fact]
    public void AutoPrefersCudaThenUsableOpenClThenCpu()
    {
        var cpu = new DeviceEntry("cpu", "cpu", "c", 1, true, null);
        var sim = new DeviceEntry("ilgpu-cpu", "ilgpu-cpu", "s", 1, true, null);
        var pocl = new DeviceEntry("opencl:0", "opencl", "pocl", 1, false, "no generic address space");
        var cl = new DeviceEntry("opencl:1", "opencl", "gpu", 1, true, null);
        var cuda = new DeviceEntry("cuda:0", "cuda", "H200", 1, true, null);
        Assert.Equal("cuda:0", DeviceCatalog.AutoChoice([pocl, cl, cuda, sim, cpu]));
        Assert.Equal("opencl:1", DeviceCatalog.AutoChoice([pocl, cl, sim, cpu]));
        Assert.Equal("cpu", DeviceCatalog.AutoChoice([pocl, sim, cpu]));
    }

    [Fact]
    public void CpuAndAutoWithoutGpuUseTheCpuFactory()
    {
        var warnings = new List<string>();
        using var cpu = DeviceSelector.Open("cpu", warnings.Add, () => new FakeCpuBackend());
        Assert.IsType<FakeCpuBackend>(cpu);
        Assert.Empty(warnings);
        if (HasGpu) return;
        using var auto = DeviceSelector.Open("auto", warnings.Add, () => new FakeCpuBackend());
        Assert.IsType<FakeCpuBackend>(auto);
        Assert.Contains(warnings, w => w.Contains("using the cpu backend"));
    }

    [Fact]
    public void NamedGpuThatIsMissingGivesAClearError()
    {
        if (Listing.Value.Devices.Any(d => d.Kind == "cuda")) return;
        var e = Assert.Throws<DeviceUnavailableException>(() => DeviceSelector.Open("cuda", _ => { }, () => new FakeCpuBackend()));
        Assert.Contains("no CUDA device found", e.Message);
        e = Assert.Throws<DeviceUnavailableException>(() => DeviceSelector.Open("cuda:1", _ => { }, () => new FakeCpuBackend()));
        Assert.Contains("CUDA", e.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("opencl:x")]
    public void UnknownNamesAreRejected(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceSelector.Open(name, _ => { }, () => new FakeCpuBackend()));
        Assert.Contains(DeviceSelector.Names, e.Message);
    }

    [Fact]
    public void IlgpuCpuOpensTheSimulatorWithAWarning()
    {
        var warnings = new List<string>();
        using var backend = DeviceSelector.Open(" ILGPU-CPU ", warnings.Add, () => new FakeCpuBackend());
        Assert.IsType<IlgpuBackend>(backend);
        Assert.Equal("ilgpu-cpu", backend.Name);
        Assert.Single(warnings);
    }
}
