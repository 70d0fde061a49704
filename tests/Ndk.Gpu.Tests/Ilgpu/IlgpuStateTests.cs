using Ndk.Gpu.Ilgpu;

namespace Ndk.Gpu.Tests.Ilgpu;

[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuStateTests(IlgpuCpuFixture fixture)
{
    [Fact]
    public void ExportImportRoundTripResumesTheSameTrajectory()
    {
        var setup = Setups.Tiny(depth: 2, activation: Activation.Erf, probes: 7);
        int outputs = setup.Ensemble.Size * setup.PointCount;
        using var a = fixture.Backend.Create(setup);
        a.Advance(10);
        var checkpoint = a.ExportState();
        a.Advance(10);
        var fa = new double[outputs];
        a.ReadOutputs(fa);

        using var b = fixture.Backend.Create(setup);
        b.ImportState(checkpoint);
        Assert.Equal(10, b.Step);
        Assert.Equal(checkpoint.Weights, b.ExportState().Weights);
        b.Advance(10);
        var fb = new double[outputs];
        b.ReadOutputs(fb);
        Assert.Equal(20, b.Step);
        Assert.Equal(fa, fb);
        Assert.Equal(a.ExportState().Weights, b.ExportState().Weights);
    }

    [Fact]
    public void RejectsWrongStatesAndDoublePrecision()
    {
        var setup = Setups.Tiny();
        using var sim = fixture.Backend.Create(setup);
        Assert.Throws<ArgumentException>(() => sim.ImportState(new EnsembleState { Step = 0, Weights = new double[3] }));
        Assert.Throws<ArgumentException>(() => sim.ReadOutputs(new double[1]));
        var dbl = new SimulationSetup
        {
            Network = setup.Network, Dynamics = setup.Dynamics, Ensemble = setup.Ensemble,
            TrainInputs = setup.TrainInputs, TrainLabels = setup.TrainLabels, Precision = Precision.Double,
        };
        var e = Assert.Throws<NotSupportedException>(() => fixture.Backend.Create(dbl));
        Assert.Contains("float32", e.Message);
    }

    [Fact]
    public void EstimateBytesCountsEveryBuffer()
    {
        var s = Setups.Tiny(members: 4, n0: 5, width: 8, depth: 2, train: 3, probes: 2);
        long pm = 8 * 5 + 8 * 8 + 8;
        long expected = 4 * (4 * pm + 5 * 5 + 3 + 2 * 2 * 4 * 3 * 8 + 4 * 3 + 4 * 5);
        Assert.Equal(expected, fixture.Backend.EstimateBytes(s));
        Assert.Equal(expected, new IlgpuLayout(s).Bytes);
    }

    [Fact]
    public void RefusesWhatDoesNotFitNamingTheBytes()
    {
        // 1000 members of 2.7e8 parameters: about 1 TB.
        var s = new SimulationSetup
        {
            Network = new NetworkSpec(1, 16384, 2, Activation.Relu),
            Dynamics = new LangevinDynamics(0.01, 0.1, 1, 1),
            Ensemble = new EnsembleSpec(1000, 1, false),
            TrainInputs = [1f], TrainLabels = [1f],
        };
        long need = fixture.Backend.EstimateBytes(s);
        Assert.True(need > 1_000_000_000_000);
        // The simulator's limit is the host's memory.
        var e = Assert.Throws<InsufficientMemoryException>(() => fixture.Backend.Create(s));
        Assert.Contains(need.ToString(), e.Message);
        Assert.Contains("total", e.Message);
        // As a CUDA device reports it: free and total.
        var cuda = Assert.Throws<InsufficientMemoryException>(() => IlgpuBackend.EnsureFits("H200", 200_000_000_000, 140_000_000_000, 150_000_000_000));
        Assert.Contains("200000000000 bytes", cuda.Message);
        Assert.Contains("140000000000 bytes (130.39 GiB) free of 150000000000 bytes", cuda.Message);
        IlgpuBackend.EnsureFits("H200", 100, 140_000_000_000, 150_000_000_000);
    }

    [Fact]
    public void AdvanceHonoursCancellationAndZeroSteps()
    {
        using var sim = fixture.Backend.Create(Setups.Tiny());
        var before = sim.ExportState().Weights;
        sim.Advance(0);
        Assert.Equal(0, sim.Step);
        Assert.Equal(before, sim.ExportState().Weights);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => sim.Advance(5, cancelled.Token));
        Assert.Equal(0, sim.Step);
    }

    [Fact]
    public void RefusesEnsemblesPastTheGridLimit()
    {
        var s = Setups.Tiny(members: 70000, n0: 1, width: 1, train: 1, probes: 0);
        var e = Assert.Throws<NotSupportedException>(() => fixture.Backend.Create(s));
        Assert.Contains("shard", e.Message);
    }
}
