using Ndk.Gpu;
using Ndk.Host.Tests.Theory;
using Ndk.Host.Theory;
using Xunit.Abstractions;

namespace Ndk.Host.Tests.Drift;

/// <summary>The drift theory of MODEL.md section 7: population correlations and the frozen-readout predictor.</summary>
public class DriftTheoryTests(ITestOutputHelper output)
{
    static readonly double[][] TrainX = TheoryTestData.Inputs(6, 8, seed: 31);
    static readonly double[] TrainY = TheoryTestData.Labels(6);
    /// <summary>Test inputs off the sphere (norms 0.6..1.5 sqrt(N0)), so an input-norm code has something to read.</summary>
    static readonly double[][] TestX = TheoryTestData.Inputs(4, 8, seed: 32).Select((x, i) => x.Select(v => v * (0.6 + 0.3 * i)).ToArray()).ToArray();

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 1.0)]
    [InlineData(1, 0.3)]
    [InlineData(3, 2.0)]
    public void ReluCorrelationFallsFromOneToOneOverPi(int depth, double sigma02)
    {
        var s = new TheorySpec(Activation.Relu, depth, Sigma2: 1.5, Sigma02: sigma02, Temperature: 1.0); // gamma = 2/3
        var x = TestX[1];
        foreach (var r in DriftCorrelation.Hidden(s, x, 2.0, 2.0)) Assert.Equal(1.0, r, 14);
        // gamma tau = 40: the pre-activations are independent, rho = E[phi]^2 / E[phi^2] = (q / 2 pi) / (q / 2) in every layer.
        foreach (var r in DriftCorrelation.Hidden(s, x, 61.0, 1.0)) Assert.Equal(1 / Math.PI, r, 14);
        var mid = DriftCorrelation.Hidden(s, x, 3.0, 1.0);
        Assert.All(mid, r => Assert.InRange(r, 1 / Math.PI + 1e-3, 1 - 1e-3));
    }

    [Fact]
    public void LinearFirstLayerCorrelationIsTheWeightCorrelation()
    {
        var s = new TheorySpec(Activation.Linear, 1, Sigma2: 2.0, Sigma02: 0.5, Temperature: 1.0);
        foreach (var (t, tp) in new[] { (0.5, 0.0), (3.0, 1.0), (1.0, 4.0), (10.0, 9.5) })
        {
            double m = PriorCorrelation.M(s, t, tp) / Math.Sqrt(PriorCorrelation.M(s, t, t) * PriorCorrelation.M(s, tp, tp));
            Assert.Equal(m, DriftCorrelation.FirstLayerPreActivation(s, t, tp), 14);
            Assert.Equal(m, DriftCorrelation.Hidden(s, TestX[2], t, tp)[0], 12);
        }
    }

    /// <summary>At t = t0, Kfrozen is the NDK, so the frozen predictor is the ordinary mean predictor. The two
    /// differ only in quadrature: the frozen one is a plain trapezoid on the coarse grid, the NDK solver
    /// Richardson-extrapolated; the measured gap is ~1e-5, the bound 1e-3 well under the O(0.1) values.</summary>
    [Theory]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Erf, 2)]
    public void AtTheFreezeTimeItIsTheNdkPredictor(Activation a, int depth)
    {
        var s = new TheorySpec(a, depth, Sigma2: 1.0, Sigma02: 0.5, Temperature: 0.5);
        const double t0 = 2.0;
        var frozen = new FrozenReadoutPredictor(s, TrainX, TrainY, t0).Predict(TestX, [t0])[0];
        var ndk = NdkTheory.Predict(s, TrainX, TrainY, TestX, [t0], new TheoryOptions(ComputeVariance: false)).TestMean[0];
        double gap = TheoryTestData.MaxAbsDiff(frozen, ndk);
        output.WriteLine($"{a} L={depth}: |frozen - ndk| = {gap:E2}, values {string.Join(", ", ndk.Select(v => v.ToString("F4")))}");
        Assert.True(ndk.Max(Math.Abs) > 0.05, "the predictor should have learned something by t0");
        Assert.True(gap < 1e-3, $"gap {gap:E3}");
    }

    [Fact]
    public void ErfFrozenReadoutForgetsEverything()
    {
        var s = new TheorySpec(Activation.Erf, 1, Sigma2: 1.0, Sigma02: 1.0, Temperature: 1.0); // gamma = 1
        const double t0 = 2.0;
        var frozen = new FrozenReadoutPredictor(s, TrainX, TrainY, t0);
        var f = frozen.Predict(TestX, [t0, t0 + 3, t0 + 40]);
        Assert.True(f[0].Max(Math.Abs) > 0.05);
        Assert.True(f[1].Max(Math.Abs) < f[0].Max(Math.Abs), "decaying");
        Assert.True(f[2].Max(Math.Abs) < 1e-12, $"late value {f[2].Max(Math.Abs):E2}");
        Assert.All(frozen.LongTimeLimit(TestX), v => Assert.Equal(0.0, v));
    }

    /// <summary>
    /// relu: the late predictor is the K_mean^L limit, which is proportional to |x| (an input-norm code). Its
    /// constant is int exp(-gamma (t0 - t')) sum_b mu(X_b, t') r_b(t'): with balanced labels on the sphere it
    /// vanishes, so here the +1 training inputs are longer than the -1 ones.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ReluFrozenReadoutKeepsAnInputNormCode(int depth)
    {
        var s = new TheorySpec(Activation.Relu, depth, Sigma2: 1.0, Sigma02: 0.5, Temperature: 1.0);
        const double t0 = 2.0;
        var trainX = TrainX.Select((x, b) => x.Select(v => v * (TrainY[b] > 0 ? 1.3 : 0.8)).ToArray()).ToArray();
        var frozen = new FrozenReadoutPredictor(s, trainX, TrainY, t0);
        var late = frozen.Predict(TestX, [t0 + 40])[0];
        var limit = frozen.LongTimeLimit(TestX);
        for (int i = 0; i < TestX.Length; i++) Assert.Equal(limit[i], late[i], 1e-9 * Math.Abs(limit[i]));
        var perNorm = TestX.Select((x, i) => limit[i] / Math.Sqrt(x.Sum(v => v * v))).ToArray();
        Assert.True(perNorm[0] > 1e-2, $"a code favouring long inputs, got {perNorm[0]:E2}");
        foreach (var r in perNorm) Assert.Equal(perNorm[0], r, 1e-12 * Math.Abs(perNorm[0]));
    }

    [Fact]
    public void RefusesTimesBeforeTheFreeze()
    {
        var s = new TheorySpec(Activation.Relu, 1, 1.0, 1.0, 0.5);
        Assert.Throws<ArgumentException>(() => new FrozenReadoutPredictor(s, TrainX, TrainY, 2.0).Predict(TestX, [1.0]));
        Assert.Throws<ArgumentException>(() => new FrozenReadoutPredictor(s, TrainX, TrainY, 0.0));
    }
}
