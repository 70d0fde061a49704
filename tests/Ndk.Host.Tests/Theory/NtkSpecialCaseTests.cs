using Ndk.Gpu;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

/// <summary>MODEL.md sec 8 check 2: NDK(0,0) = NTK(sigma0), independent of T and sigma; relu scaling.</summary>
public class NtkSpecialCaseTests
{
    static readonly double[][] X = TheoryTestData.Inputs(5, 7, seed: 11);

    [Theory]
    [InlineData(Activation.Linear, 2)]
    [InlineData(Activation.Relu, 3)]
    [InlineData(Activation.Erf, 2)]
    public void NdkAtZeroDoesNotDependOnTemperatureOrPrior(Activation a, int depth)
    {
        var reference = TwoTimeKernel.Ndk(new TheorySpec(a, depth, 2.0, 0.7, 0.01), X, X, 0, 0);
        foreach (var (sigma2, temp) in new[] { (0.5, 1.0), (5.0, 0.0), (1.0, 3.0) })
        {
            var other = TwoTimeKernel.Ndk(new TheorySpec(a, depth, sigma2, 0.7, temp), X, X, 0, 0);
            for (int i = 0; i < X.Length; i++)
                Assert.True(TheoryTestData.MaxAbsDiff(reference[i], other[i]) <= 1e-14 * Math.Abs(reference[i][i]));
        }
    }

    [Fact]
    public void LinearNtkIsDepthPlusOneTimesScaledGram()
    {
        // linear: K^l = sigma0^(2l) x.x'/N0 and Ktilde^L = (L + 1) sigma0^(2L) x.x'/N0
        var s = new TheorySpec(Activation.Linear, 3, 2.0, 0.7, 0.1);
        var ntk = KernelLimits.Ntk(s, X, X);
        for (int i = 0; i < X.Length; i++)
            for (int j = 0; j < X.Length; j++)
            {
                double gram = X[i].Zip(X[j], (u, v) => u * v).Sum() / X[i].Length;
                Assert.Equal(4 * Math.Pow(0.7, 3) * gram, ntk[i][j], 13);
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void ReluNtkScalesAsSigma0ToThe2L(int depth)
    {
        var unit = KernelLimits.Ntk(new TheorySpec(Activation.Relu, depth, 2.0, 1.0, 0.1), X, X);
        var scaled = KernelLimits.Ntk(new TheorySpec(Activation.Relu, depth, 2.0, 0.3, 0.1), X, X);
        for (int i = 0; i < X.Length; i++)
            for (int j = 0; j < X.Length; j++)
                Assert.Equal(Math.Pow(0.3, depth) * unit[i][j], scaled[i][j], 13);
    }

    [Fact]
    public void ReluDiagonalIsHalvedEachLayer()
    {
        // relu at x = x': K^l(x,x) = m K^{l-1}(x,x) / 2, so K^L = (sigma0^2/2)^L |x|^2/N0 at t = 0
        var s = new TheorySpec(Activation.Relu, 3, 2.0, 1.5, 0.1);
        var layers = TwoTimeKernel.Evaluate(s, X[0], X[0], 0, 0);
        Assert.Equal(Math.Pow(0.75, 3), layers.K[3], 14);
        Assert.Equal(1.5 * Math.Pow(0.75, 3), layers.C, 14);
    }
}
