using Ndk.Gpu;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

/// <summary>The variance limits of MODEL.md sec 6: Var f(x,0) = sigma0^2 K^L(0,0,x,x); Var f(x,inf) = GP posterior variance.</summary>
public class EnsembleVarianceTests
{
    static readonly double[][] TrainX = TheoryTestData.Inputs(5, 8, seed: 51);
    static readonly double[] TrainY = TheoryTestData.Labels(5);
    static readonly double[][] TestX = TheoryTestData.Inputs(3, 8, seed: 52);

    [Fact]
    public void StartsAtThePriorOutputVariance()
    {
        // relu, L = 1, |x|^2 = N0: sigma0^2 K^1(0,0,x,x) = sigma0^2 (sigma0^2 / 2) = 0.5 sigma0^4
        var s = new TheorySpec(Activation.Relu, 1, Sigma2: 2.0, Sigma02: 1.3, Temperature: 0.2);
        var p = NdkTheory.Predict(s, TrainX, TrainY, TestX, [0.0, 1.0]);
        Assert.All(p.TrainVariance![0].Concat(p.TestVariance![0]), v => Assert.Equal(0.5 * 1.3 * 1.3, v, 12));
        Assert.All(p.TrainVariance[1], v => Assert.True(v < 0.5 * 1.3 * 1.3)); // training shrinks the fluctuations
    }

    [Theory]
    [InlineData(Activation.Relu, 1, 0.4)]
    [InlineData(Activation.Erf, 2, 3.0)]
    public void EndsAtTheGpPosteriorVariance(Activation a, int depth, double sigma02)
    {
        var s = new TheorySpec(a, depth, Sigma2: 1.0, Sigma02: sigma02, Temperature: 2.0); // 1/gamma = 0.5
        var p = NdkTheory.Predict(s, TrainX, TrainY, TestX, [10.0], new TheoryOptions(StepScale: 4)); // coarse grids keep it fast
        Assert.DoesNotContain(p.Warnings, w => w.Contains("variance grid"));
        var lim = KernelLimits.Compute(s, TrainX, TrainY, TestX);
        for (int i = 0; i < TrainX.Length; i++)
            Assert.True(Math.Abs(p.TrainVariance![0][i] - lim.GpPosteriorVarianceTrain[i]) < 2e-3 * lim.GpPosteriorVarianceTrain[i],
                $"train {i}: {p.TrainVariance[0][i]} vs GP {lim.GpPosteriorVarianceTrain[i]}");
        for (int i = 0; i < TestX.Length; i++)
            Assert.True(Math.Abs(p.TestVariance![0][i] - lim.GpPosteriorVarianceTest[i]) < 2e-3 * lim.GpPosteriorVarianceTest[i],
                $"test {i}: {p.TestVariance[0][i]} vs GP {lim.GpPosteriorVarianceTest[i]}");
    }

    [Fact]
    public void WarnsWhenTheVarianceGridCannotResolveTheNtkTimeScale()
    {
        var s = new TheorySpec(Activation.Erf, 1, 2.0, 1.0, 0.2);
        var p = NdkTheory.Predict(s, TrainX, TrainY, TestX, [0.5, 50.0], new TheoryOptions(VarianceGridSize: 20));
        Assert.InRange(p.VarianceGridSize, 3, 20);
        Assert.Contains(p.Warnings, w => w.Contains("underestimated"));
    }

    [Fact]
    public void CapsTheTestPointsAndSaysSo()
    {
        var s = new TheorySpec(Activation.Erf, 1, 2.0, 1.0, 0.2);
        var p = NdkTheory.Predict(s, TrainX, TrainY, TestX, [0.5, 2.0], new TheoryOptions(MaxVarianceTestPoints: 2));
        Assert.All(p.TestVariance!, r => { Assert.True(double.IsFinite(r[1])); Assert.True(double.IsNaN(r[2])); });
        Assert.Contains(p.Warnings, w => w.Contains("first 2 of 3"));
    }
}
