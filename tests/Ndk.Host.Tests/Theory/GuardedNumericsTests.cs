using Ndk.Gpu;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

/// <summary>No NaN or Inf at the edge cases of MODEL.md sec 4, and the diagonal path's exact values.</summary>
public class GuardedNumericsTests
{
    static readonly double[] X = TheoryTestData.Inputs(1, 6, seed: 41)[0];
    static readonly double[] MinusX = X.Select(v => -v).ToArray();
    static readonly double[] Zero = new double[6];

    static void AllFinite(KernelLayers k)
    {
        Assert.All(k.K.Concat(k.Kdot).Concat(k.Ktilde).Append(k.Ndk).Append(k.C), v => Assert.True(double.IsFinite(v), $"non-finite {v}"));
    }

    public static TheoryData<Activation, int> Cases() => new()
    {
        { Activation.Linear, 1 }, { Activation.Relu, 1 }, { Activation.Relu, 3 }, { Activation.Erf, 1 }, { Activation.Erf, 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EdgeCasesAreFinite(Activation a, int depth)
    {
        foreach (var s in new[] { new TheorySpec(a, depth, 2.0, 0.5, 0.1), new TheorySpec(a, depth, 2.0, 2.0, 0.1) }) // second: sigma0 = sigma
            foreach (var (t, tp) in new[] { (0.0, 0.0), (1.0, 1.0), (2.0, 1.0), (1e4, 0.0) })
                foreach (var (x, y) in new[] { (X, X), (X, MinusX), (Zero, X), (Zero, Zero), (X, Zero) })
                    AllFinite(TwoTimeKernel.Evaluate(s, x, y, t, tp));
    }

    [Fact]
    public void AntiCorrelatedReluInputsHaveZeroKernelAndZeroDerivativeKernel()
    {
        // rho = -1: theta = pi, so K = sqrt(q1 q2)/(2 pi) (0 + 0) and Kdot = 0
        var k = TwoTimeKernel.Evaluate(new TheorySpec(Activation.Relu, 1, 2.0, 1.0, 0.1), X, MinusX, 0, 0);
        Assert.Equal(0, k.K[1], 15);
        Assert.Equal(0, k.Kdot[1], 15);
    }

    [Fact]
    public void DeepErfStaysFiniteAndSelfCorrelated()
    {
        // L = 200: the diagonal path keeps NDK(t,t,x,x) exact; an input's correlation with itself stays 1
        var s = new TheorySpec(Activation.Erf, 200, 2.0, 2.0, 0.1);
        var self = TwoTimeKernel.Evaluate(s, X, X, 1.0, 1.0);
        AllFinite(self);
        var other = TheoryTestData.Inputs(1, 6, seed: 42)[0];
        var cross = TwoTimeKernel.Evaluate(s, X, other, 1.0, 1.0);
        AllFinite(cross);
        var matrix = TwoTimeKernel.Ndk(s, [X, other], [X, other], 1.0, 1.0);
        Assert.Equal(self.Ndk, matrix[0][0], 12);
        Assert.Equal(cross.Ndk, matrix[0][1], 10);
        Assert.All(matrix.SelectMany(r => r), v => Assert.True(double.IsFinite(v)));
        // the fixed point of the diagonal map q -> m (2/pi) asin(2q/(1+2q)), approached from above or below
        double q = s.Sigma2, k = 0;
        for (int l = 0; l < 200; l++) { k = 2 / Math.PI * Math.Asin(2 * q / (1 + 2 * q)); q = s.Sigma2 * k; }
        Assert.Equal(k, self.K[200], 12);
    }

    [Fact]
    public void ZeroNormInputGivesZeroKernels()
    {
        foreach (var a in new[] { Activation.Linear, Activation.Relu, Activation.Erf })
        {
            var k = TwoTimeKernel.Evaluate(new TheorySpec(a, 2, 2.0, 1.0, 0.1), Zero, X, 1.0, 0.5);
            Assert.Equal(0, k.K[2], 15);
            Assert.Equal(0, k.C, 15);
        }
    }

    [Fact]
    public void TanhIsRefusedWithAClearMessage()
    {
        var e = Assert.Throws<NotSupportedException>(() => TwoTimeKernel.Evaluate(new TheorySpec(Activation.Tanh, 1, 1, 1, 0.1), X, X, 0, 0));
        Assert.Contains("theory for tanh", e.Message);
    }

    [Fact]
    public void VectorRowsMatchScalarPairs()
    {
        // the batched path (Vector<double> atan2) against Math.Atan2 pair by pair, at random pairs and times
        var xs = TheoryTestData.Inputs(11, 6, seed: 43).Append(X).Append(MinusX).Append(Zero).ToArray();
        foreach (var a in new[] { Activation.Linear, Activation.Relu, Activation.Erf })
        {
            var s = new TheorySpec(a, 3, 2.0, 0.7, 0.3);
            var ndk = TwoTimeKernel.Ndk(s, xs, xs, 2.0, 0.5);
            var cov = TwoTimeKernel.Covariance(s, xs, xs, 2.0, 0.5);
            for (int i = 0; i < xs.Length; i++)
                for (int j = 0; j < xs.Length; j++)
                {
                    var k = TwoTimeKernel.Evaluate(s, xs[i], xs[j], 2.0, 0.5);
                    Assert.True(Math.Abs(k.Ndk - ndk[i][j]) <= 1e-14 * (1 + Math.Abs(k.Ndk)), $"{a} NDK {k.Ndk:R} vs {ndk[i][j]:R}");
                    Assert.True(Math.Abs(k.C - cov[i][j]) <= 1e-14 * (1 + Math.Abs(k.C)), $"{a} C {k.C:R} vs {cov[i][j]:R}");
                }
        }
    }
}
