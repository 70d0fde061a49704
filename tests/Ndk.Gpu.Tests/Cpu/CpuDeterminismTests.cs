using Ndk.Gpu.Cpu;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>A member's trajectory depends only on (seed, global member index): bit-identical reruns, prefixes and shards.</summary>
public class CpuDeterminismTests
{
    static double[] Run(SimulationSetup setup, int steps, int threads)
    {
        using var backend = new CpuBackend(threads);
        using var sim = backend.Create(setup);
        sim.Advance(steps);
        return CpuTestSetups.Outputs(sim);
    }

    [Fact]
    public void SameSeedTwiceIsIdentical()
    {
        var setup = CpuTestSetups.Setup(size: 16);
        Assert.Equal(Run(setup, 25, 2), Run(setup, 25, 2));
        Assert.Equal(Run(setup, 25, 2), Run(setup, 25, 1));
    }

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(2, 4, 2)]
    [InlineData(3, 4, 3)]
    public void RowParallelModeIsBitIdentical(int size, int threads, int depth)
    {
        // Fewer members than threads: the rows of every phase are split between threads (with barriers);
        // each weight's arithmetic is unchanged, so the result equals the single-threaded run.
        var setup = CpuTestSetups.Setup(size: size, width: 36, depth: depth, act: Activation.Tanh);
        Assert.Equal(Run(setup, 12, 1), Run(setup, 12, threads));
    }

    [Fact]
    public void DifferentSeedsDiffer()
    {
        Assert.NotEqual(Run(CpuTestSetups.Setup(size: 4, seed: 1), 5, 2), Run(CpuTestSetups.Setup(size: 4, seed: 2), 5, 2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PrefixAndShardMatchTheFullEnsemble(bool antithetic)
    {
        int pc = CpuTestSetups.Setup().PointCount;
        var full = Run(CpuTestSetups.Setup(size: 16, antithetic: antithetic), 30, 2);
        var prefix = Run(CpuTestSetups.Setup(size: 8, antithetic: antithetic), 30, 2);
        var shard = Run(CpuTestSetups.Setup(size: 8, first: 8, antithetic: antithetic), 30, 2);
        Assert.Equal(full.AsSpan(0, 8 * pc).ToArray(), prefix);
        Assert.Equal(full.AsSpan(8 * pc, 8 * pc).ToArray(), shard);
        Assert.NotEqual(prefix, shard);
    }

    [Fact]
    public void AntitheticPairsMirrorAtInitialisation()
    {
        var setup = CpuTestSetups.Setup(size: 8, antithetic: true);
        using var backend = new CpuBackend(2);
        using var sim = backend.Create(setup);
        var f = CpuTestSetups.Outputs(sim);
        int pc = setup.PointCount;
        for (int k = 0; k < 4; k++)
            for (int i = 0; i < pc; i++)
            {
                Assert.Equal(-f[2 * k * pc + i], f[(2 * k + 1) * pc + i]);
                Assert.NotEqual(0.0, f[2 * k * pc + i]);
            }
        // Pairs differ from each other.
        Assert.NotEqual(f[0], f[2 * pc]);
    }

    [Fact]
    public void AntitheticPriorDynamicsKeepTheMirror()
    {
        // Without the data term the pair stays exactly mirrored: same hidden weights, a -> -a, readout noise negated.
        var setup = CpuTestSetups.Setup(size: 4, antithetic: true, temperature: 0.5);
        using var backend = new CpuBackend(2);
        using var sim = backend.CreateSimulation(setup);
        sim.DataGradient = false;
        var w0 = sim.ExportState().Weights;
        sim.Advance(20);
        var w = sim.ExportState().Weights;
        int pc = (int)setup.Network.ParameterCount, ro = pc - setup.Network.Width;
        for (int k = 0; k < 2; k++)
            for (int i = 0; i < pc; i++)
            {
                double even = w[2 * k * pc + i], odd = w[(2 * k + 1) * pc + i];
                Assert.Equal(i < ro ? even : -even, odd);
                Assert.NotEqual(w0[2 * k * pc + i], even);
            }
    }

    [Fact]
    public void AntitheticPairsTrainApart()
    {
        // With data the learned part is shared, so the pair no longer mirrors exactly.
        var setup = CpuTestSetups.Setup(size: 2, antithetic: true);
        var f = Run(setup, 50, 1);
        int pc = setup.PointCount;
        Assert.NotEqual(-f[0], f[pc]);
    }
    [Theory]
    [InlineData(Precision.Single, true)]
    [InlineData(Precision.Double, true)]
    [InlineData(Precision.Single, false)]   // the pure-prior phase (no data gradient)
    public void PairsSteppedTogetherEqualMembersSteppedAlone(Precision precision, bool data)
    {
        // n0 = 6 and width 20 leave column tails in both layers; 6 members = 3 pairs over 2 threads.
        var setup = CpuTestSetups.Setup(n0: 6, width: 20, size: 6, antithetic: true, precision: precision, temperature: 0.3);
        double[] Weights(bool pairNoise, int steps = 25)
        {
            using var backend = new CpuBackend(2);
            using var sim = backend.CreateSimulation(setup);
            if (sim.Single != null) sim.Single.PairNoise = pairNoise; else sim.Double!.PairNoise = pairNoise;
            sim.DataGradient = data;
            sim.Advance(steps);
            return sim.ExportState().Weights;
        }
        var together = Weights(true);
        var alone = Weights(false);
        Assert.Equal(alone, together);
        Assert.NotEqual(Weights(true, steps: 0), together);   // the steps did move the weights
    }
}
