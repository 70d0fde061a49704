namespace Ndk.Gpu.Tests.Ilgpu;

[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuDeterminismTests(IlgpuCpuFixture fixture)
{
    double[] Run(SimulationSetup setup, int steps)
    {
        using var sim = fixture.Backend.Create(setup);
        sim.Advance(steps);
        return sim.ExportState().Weights;
    }

    [Fact]
    public void SameSeedTwiceIsIdentical()
    {
        var setup = Setups.Tiny(depth: 2, activation: Activation.Erf);
        Assert.Equal(Run(setup, 20), Run(setup, 20));
        Assert.NotEqual(Run(setup, 20), Run(Setups.Tiny(depth: 2, activation: Activation.Erf, seed: 999), 20));
    }

    [Fact]
    public void MembersDoNotDependOnEnsembleSizeOrShard()
    {
        long pm = Setups.Tiny().Network.ParameterCount;
        var four = Run(Setups.Tiny(members: 4, depth: 2), 20);
        var two = Run(Setups.Tiny(members: 2, depth: 2), 20);
        var shard = Run(Setups.Tiny(members: 2, depth: 2, firstMember: 2), 20);
        pm = Setups.Tiny(depth: 2).Network.ParameterCount;
        Assert.Equal(four.Take((int)(2 * pm)), two);
        Assert.Equal(four.Skip((int)(2 * pm)), shard);
    }

    [Fact]
    public void AntitheticPairsMirrorAtInit()
    {
        var setup = Setups.Tiny(members: 4, depth: 2, antithetic: true);
        using var sim = fixture.Backend.Create(setup);
        var w = sim.ExportState().Weights;
        long pm = setup.Network.ParameterCount;
        long readout = pm - setup.Network.Width;
        for (int pair = 0; pair < 2; pair++)
            for (long p = 0; p < pm; p++)
            {
                double even = w[2 * pair * pm + p], odd = w[(2 * pair + 1) * pm + p];
                Assert.Equal(p >= readout ? -even : even, odd);
            }
        Assert.NotEqual(w[0], w[2 * pm]); // different pairs differ

        var f = new double[setup.Ensemble.Size * setup.PointCount];
        sim.ReadOutputs(f);
        for (int pair = 0; pair < 2; pair++)
            for (int pt = 0; pt < setup.PointCount; pt++)
                Assert.Equal(-f[2 * pair * setup.PointCount + pt], f[(2 * pair + 1) * setup.PointCount + pt], 6);
    }
}
