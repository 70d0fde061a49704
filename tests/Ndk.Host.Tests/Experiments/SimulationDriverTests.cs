using Ndk.Gpu;
using Ndk.Gpu.Statistics;
using Ndk.Host.Experiments;

namespace Ndk.Host.Tests.Experiments;

public class SimulationDriverTests
{
    /// <summary>A stand-in engine whose outputs blow up after a given step (a real run cannot be made to diverge on purpose once dt is validated).</summary>
    sealed class ExplodingSimulation(SimulationSetup setup, long explodeAt) : IEnsembleSimulation
    {
        public SimulationSetup Setup => setup;
        public long Step { get; private set; }
        public TrainingPhase Phase { get; set; }
        public void Advance(long steps, CancellationToken cancel = default) => Step += steps;
        public void ReadOutputs(double[] destination) => Array.Fill(destination, Step >= explodeAt ? double.NaN : 0.5);
        public void ReadHidden(int layer, ReadOnlySpan<int> points, float[] destination) => throw new NotSupportedException();
        public EnsembleState ExportState() => new() { Step = Step, Weights = [] };
        public void ImportState(EnsembleState state) => Step = state.Step;
        public void Dispose() { }
    }

    static SimulationSetup Setup() => new()
    {
        Network = new NetworkSpec(2, 4, 1, Activation.Relu),
        Dynamics = new LangevinDynamics(0.1, 0.1, 1, 1),
        Ensemble = new EnsembleSpec(2, 1, Antithetic: true),
        TrainInputs = [1f, 0f],
        TrainLabels = [1f],
    };

    [Fact]
    public void ANonFiniteOutputStopsTheRunAndKeepsWhatWasRecorded()
    {
        var cfg = ConfigReader.Parse("""{ "dynamics": { "dt": 0.1 }, "record": { "times": [0, 1, 2, 3] } }""", "c.json");
        var schedule = RecordSchedule.Build(cfg.Record, cfg.Dynamics);
        var setup = Setup();
        var stats = new EnsembleStatistics(schedule.Steps, 1, 1, antithetic: true);
        var driver = new SimulationDriver(new ExplodingSimulation(setup, explodeAt: 20), schedule, stats, setup.TrainLabels);
        var e = Assert.Throws<DivergenceException>(() => driver.Run(0, CancellationToken.None));
        Assert.Equal(20, e.Step);
        Assert.Contains("diverged at step 20", e.Message);
        Assert.Equal([2L, 2L, 0L, 0L], stats.Count); // t = 0 and t = 1 kept
        Assert.Equal(0.5, stats.Mean(1, 0), 12);
    }

    [Fact]
    public void ACancelledRunStopsAtAStepBoundaryBeforeTheNextRecord()
    {
        var cfg = ConfigReader.Parse("""{ "dynamics": { "dt": 0.1 }, "record": { "times": [0, 1, 2] } }""", "c.json");
        var schedule = RecordSchedule.Build(cfg.Record, cfg.Dynamics);
        var setup = Setup();
        var stats = new EnsembleStatistics(schedule.Steps, 1, 1, antithetic: true);
        using var cts = new CancellationTokenSource();
        var sim = new ExplodingSimulation(setup, explodeAt: long.MaxValue);
        var driver = new SimulationDriver(sim, schedule, stats, setup.TrainLabels) { Progress = s => { if (s >= 5) cts.Cancel(); } };
        int done = driver.Run(0, cts.Token);
        Assert.Equal(1, done);
        Assert.InRange(sim.Step, 5, 9);
        Assert.Equal([2L, 0L, 0L], stats.Count);
    }
}
