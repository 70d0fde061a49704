using Ndk.Gpu.Cpu;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>Checkpoints: ExportState/ImportState continue a run bit-identically.</summary>
public class CpuStateTests
{
    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Double)]
    public void RoundTripContinuesBitIdentically(Precision precision)
    {
        var setup = CpuTestSetups.Setup(size: 6, precision: precision);
        using var backend = new CpuBackend(2);
        using var a = backend.Create(setup);
        a.Advance(15);
        var state = a.ExportState();
        Assert.Equal(15, state.Step);
        Assert.Equal(6 * setup.Network.ParameterCount, state.Weights.LongLength);

        using var b = backend.Create(setup);
        b.ImportState(state);
        Assert.Equal(15, b.Step);
        Assert.Equal(CpuTestSetups.Outputs(a), CpuTestSetups.Outputs(b));
        a.Advance(20);
        b.Advance(20);
        Assert.Equal(35, b.Step);
        Assert.Equal(CpuTestSetups.Outputs(a), CpuTestSetups.Outputs(b));
        Assert.Equal(a.ExportState().Weights, b.ExportState().Weights);
    }

    [Fact]
    public void ImportRejectsAWrongShape()
    {
        var setup = CpuTestSetups.Setup(size: 2);
        using var backend = new CpuBackend(1);
        using var sim = backend.Create(setup);
        Assert.Throws<ArgumentException>(() => sim.ImportState(new EnsembleState { Step = 0, Weights = new double[3] }));
    }

    [Fact]
    public void CancellationLeavesAConsistentStep()
    {
        var setup = CpuTestSetups.Setup(size: 2);
        using var backend = new CpuBackend(1);
        using var sim = backend.Create(setup);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => sim.Advance(10, cts.Token));
        Assert.Equal(0, sim.Step);
    }
}
