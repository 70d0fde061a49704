using Ndk.Gpu;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

/// <summary>The closed-form limits of MODEL.md sec 5.</summary>
public class KernelLimitsTests
{
    static readonly double[][] TrainX = TheoryTestData.Inputs(6, 8, seed: 31);
    static readonly double[] TrainY = TheoryTestData.Labels(6);
    static readonly double[][] TestX = TheoryTestData.Inputs(3, 8, seed: 32);

    [Fact]
    public void GradientFlowStartsAtZeroAndEndsAtTheInterpolant()
    {
        var s = new TheorySpec(Activation.Erf, 2, 2.0, 1.0, 0.01);
        var (train0, test0) = KernelLimits.NtkGradientFlow(s, TrainX, TrainY, TestX, 0);
        Assert.All(train0.Concat(test0), v => Assert.Equal(0, v, 15));
        var (trainInf, testInf) = KernelLimits.NtkGradientFlow(s, TrainX, TrainY, TestX, 1e6);
        var lim = KernelLimits.Compute(s, TrainX, TrainY, TestX);
        Assert.True(TheoryTestData.MaxAbsDiff(trainInf, TrainY) < 1e-10);
        Assert.True(TheoryTestData.MaxAbsDiff(lim.NtkInterpolantTrain, TrainY) < 1e-10);
        Assert.True(TheoryTestData.MaxAbsDiff(testInf, lim.NtkInterpolantTest) < 1e-10);
        Assert.Empty(lim.Warnings);
    }

    [Fact]
    public void GradientFlowObeysItsOdeAtEarlyTimes()
    {
        // d f_train/dt = K (Y - f_train): at t = 0 the slope is K Y, independently of any decomposition
        var s = new TheorySpec(Activation.Relu, 2, 2.0, 1.0, 0.01);
        var k = KernelLimits.Ntk(s, TrainX, TrainX);
        double h = 1e-6;
        var (train, _) = KernelLimits.NtkGradientFlow(s, TrainX, TrainY, TestX, h);
        for (int i = 0; i < TrainX.Length; i++)
            Assert.Equal(k[i].Zip(TrainY, (a, b) => a * b).Sum(), train[i] / h, 4);
    }

    [Fact]
    public void EquilibriumDoesNotDependOnInitialisation()
    {
        var a = KernelLimits.Compute(new TheorySpec(Activation.Erf, 2, 2.0, 0.1, 0.05), TrainX, TrainY, TestX);
        var b = KernelLimits.Compute(new TheorySpec(Activation.Erf, 2, 2.0, 3.0, 0.05), TrainX, TrainY, TestX);
        Assert.True(TheoryTestData.MaxAbsDiff(a.EquilibriumTest, b.EquilibriumTest) < 1e-13);
        Assert.True(TheoryTestData.MaxAbsDiff(a.GpPosteriorVarianceTest, b.GpPosteriorVarianceTest) < 1e-13);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ReluEquilibriumDependsOnlyOnTOverSigmaToThe2LPlus2(int depth)
    {
        var a = KernelLimits.Compute(new TheorySpec(Activation.Relu, depth, 2.0, 1.0, 0.05), TrainX, TrainY, TestX);
        double c = 3.0; // sigma^2 -> c sigma^2, T -> c^(L+1) T
        var b = KernelLimits.Compute(new TheorySpec(Activation.Relu, depth, 2.0 * c, 1.0, 0.05 * Math.Pow(c, depth + 1)), TrainX, TrainY, TestX);
        Assert.True(TheoryTestData.MaxAbsDiff(a.EquilibriumTest, b.EquilibriumTest) < 1e-12);
        Assert.True(TheoryTestData.MaxAbsDiff(a.EquilibriumTrain, b.EquilibriumTrain) < 1e-12);
    }

    [Fact]
    public void PosteriorVarianceOfATrainingInputAgreesOnBothPaths()
    {
        // the test path (prior - k^T (K+T)^-1 k) and the train path (diag V lambda T/(lambda+T) V^T) at the same inputs
        var s = new TheorySpec(Activation.Erf, 1, 2.0, 1.0, 0.1);
        var lim = KernelLimits.Compute(s, TrainX, TrainY, TrainX);
        Assert.True(TheoryTestData.MaxAbsDiff(lim.GpPosteriorVarianceTrain, lim.GpPosteriorVarianceTest) < 1e-12);
        Assert.True(TheoryTestData.MaxAbsDiff(lim.EquilibriumTrain, lim.EquilibriumTest) < 1e-12);
        Assert.All(lim.GpPosteriorVarianceTrain, v => Assert.InRange(v, 1e-3, 0.1)); // between 0 and T
    }

    [Fact]
    public void DuplicatedTrainingInputWarnsWithConditionNumber()
    {
        var x = TrainX.Append(TrainX[0]).ToArray();
        var y = TrainY.Append(TrainY[0]).ToArray();
        var lim = KernelLimits.Compute(new TheorySpec(Activation.Relu, 1, 2.0, 1.0, 0.0), x, y, TestX);
        Assert.Contains(lim.Warnings, w => w.Contains("condition number"));
        Assert.All(lim.NtkInterpolantTest.Concat(lim.EquilibriumTest).Concat(lim.NtkInterpolantTrain), v => Assert.True(double.IsFinite(v)));
        Assert.True(TheoryTestData.MaxAbsDiff(lim.NtkInterpolantTrain, y) < 1e-6);
    }
}
