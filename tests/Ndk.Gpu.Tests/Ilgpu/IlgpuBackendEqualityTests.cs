using ILGPU;
using ILGPU.Runtime.CPU;
using Xunit.Abstractions;

namespace Ndk.Gpu.Tests.Ilgpu;

/// <summary>
/// IlgpuBackend (CPU simulator) against <see cref="ReferenceEnsemble"/>, a double-precision loop implementation.
/// Initial weights must be identical. After 100 steps the float32 trajectory must stay within
/// |w - w_ref| &lt;= 1e-4 * max(1, |w_ref|) for every weight and every output f. Derivation: each step rounds
/// every weight's update (a few float32 operations on O(1) values, relative eps = 6e-8) and the products
/// (length <= N0, N, P: error <= K eps); the stable dynamics (dt * lambda_max &lt; 1, decay &lt; 1) carry
/// these forward without growth, so 100 steps accumulate at most ~100 * 10 * 6e-8 = 6e-5. The erf of
/// both sides is the same A&S formula, in float and double: a 1e-7 difference per evaluation.
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuBackendEqualityTests(IlgpuCpuFixture fixture, ITestOutputHelper output)
{
    public const double Bound = 1e-4;

    [Theory]
    [InlineData(1, Activation.Relu, 8)]
    [InlineData(2, Activation.Relu, 8)]
    [InlineData(3, Activation.Relu, 8)]
    [InlineData(1, Activation.Erf, 8)]
    [InlineData(2, Activation.Erf, 8)]
    [InlineData(3, Activation.Erf, 8)]
    [InlineData(2, Activation.Erf, 7)]    // odd width: layers and the readout start off a 4-block
    public void MatchesDoubleReference(int depth, Activation activation, int width)
    {
        var setup = Setups.Tiny(members: 4, n0: 5, width: width, depth: depth, activation: activation, train: 3, probes: 2, antithetic: true);
        var reference = new ReferenceEnsemble(setup);
        using var sim = fixture.Backend.Create(setup);

        var init = sim.ExportState();
        Assert.Equal(reference.Flat(), init.Weights);

        const int steps = 100;
        sim.Advance(steps);
        reference.Advance(steps);
        Assert.Equal(steps, sim.Step);

        double wErr = MaxRelative(sim.ExportState().Weights, reference.Flat());
        var f = new double[setup.Ensemble.Size * setup.PointCount];
        sim.ReadOutputs(f);
        var fRef = reference.Outputs();
        double fErr = MaxRelative(f, fRef);
        double moved = MaxRelative(reference.Flat(), init.Weights);
        output.WriteLine($"L={depth} {activation} N={width}: weights {wErr:E2}, outputs {fErr:E2} (weights moved {moved:F3}; bound {Bound:E0})");
        Assert.True(moved > 0.05, "the dynamics should move the weights");
        Assert.True(wErr <= Bound, $"weights differ by {wErr:E3}");
        Assert.True(fErr <= Bound, $"outputs differ by {fErr:E3}");
    }

    /// <summary>Sizes past one 8T x 8T output tile (16 x 16 on the test simulator, T = 2; 32 x 32 with T = 4) and one K slice in every product.</summary>
    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Erf)]
    public void MatchesDoubleReferenceAcrossTiles(Activation activation)
    {
        var setup = Setups.Tiny(members: 2, n0: 35, width: 37, depth: 2, activation: activation, train: 33, probes: 40);
        var reference = new ReferenceEnsemble(setup);
        using var sim = fixture.Backend.Create(setup);
        Assert.Equal(reference.Flat(), sim.ExportState().Weights);
        sim.Advance(10);
        reference.Advance(10);
        double wErr = MaxRelative(sim.ExportState().Weights, reference.Flat());
        var f = new double[setup.Ensemble.Size * setup.PointCount];
        sim.ReadOutputs(f);
        double fErr = MaxRelative(f, reference.Outputs());
        output.WriteLine($"tiles {activation}: weights {wErr:E2}, outputs {fErr:E2}");
        Assert.True(wErr <= Bound, $"weights differ by {wErr:E3}");
        Assert.True(fErr <= Bound, $"outputs differ by {fErr:E3}");
    }

    static double MaxRelative(double[] a, double[] b)
    {
        Assert.Equal(b.Length, a.Length);
        double worst = 0;
        for (int i = 0; i < a.Length; i++)
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / Math.Max(1, Math.Abs(b[i])));
        return worst;
    }
}

/// <summary>
/// The GPU launch geometry (T = 16: 256-thread groups, 128 x 128 tiles) on a CPU simulator configured like a
/// GPU (32-thread warps, 8 warps a group), so that the Tile16 kernels the H200 runs are checked here too.
/// Width 130 spans two 128-wide tiles.
/// </summary>
public sealed class IlgpuGpuGeometryTests(ITestOutputHelper output)
{
    [Fact]
    public void Tile16KernelsMatchTheReference()
    {
        const int depth = 2;
        const Activation activation = Activation.Erf;
        using var context = Context.Create(b => b.CPU(CPUDeviceKind.AMD).EnableAlgorithms()
            .Optimize(OptimizationLevel.O1));
        using var backend = new Ndk.Gpu.Ilgpu.IlgpuBackend(context, context.Devices[0]);
        Assert.Equal(256, backend.Accelerator.MaxNumThreadsPerGroup);
        var setup = Setups.Tiny(members: 2, n0: 5, width: 130, depth: depth, activation: activation, train: 3, probes: 2, antithetic: true);
        var reference = new ReferenceEnsemble(setup);
        using var sim = backend.Create(setup);
        Assert.Equal(reference.Flat(), sim.ExportState().Weights);
        sim.Advance(2);
        reference.Advance(2);
        var f = new double[setup.Ensemble.Size * setup.PointCount];
        sim.ReadOutputs(f);
        double w = Max(sim.ExportState().Weights, reference.Flat()), o = Max(f, reference.Outputs());
        output.WriteLine($"T=16 L={depth} {activation}: weights {w:E2}, outputs {o:E2}");
        Assert.True(w <= IlgpuBackendEqualityTests.Bound && o <= IlgpuBackendEqualityTests.Bound);
    }

    static double Max(double[] a, double[] b) =>
        a.Zip(b, (x, y) => Math.Abs(x - y) / Math.Max(1, Math.Abs(y))).Max();
}
