using Ndk.Gpu;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

/// <summary>MODEL.md sec 8 check 5 and the grid convergence of the Volterra solver.</summary>
public class MeanPredictorTests
{
    static readonly double[][] TrainX = TheoryTestData.Inputs(6, 8, seed: 21);
    static readonly double[] TrainY = TheoryTestData.Labels(6);
    static readonly double[][] TestX = TheoryTestData.Inputs(3, 8, seed: 22);
    static readonly TheoryOptions MeanOnly = new(ComputeVariance: false);

    [Theory]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Erf, 2)]
    public void MatchesNtkGradientFlowAtZeroTemperatureLimit(Activation a, int depth)
    {
        var s = new TheorySpec(a, depth, Sigma2: 2.0, Sigma02: 1.0, Temperature: 1e-9);
        double[] times = [0, 0.3, 1, 3, 8];
        var p = NdkTheory.Predict(s, TrainX, TrainY, TestX, times, MeanOnly);
        for (int r = 0; r < times.Length; r++)
        {
            var (train, test) = KernelLimits.NtkGradientFlow(s, TrainX, TrainY, TestX, times[r]);
            Assert.True(TheoryTestData.MaxAbsDiff(train, p.TrainMean[r]) < 2e-4, $"train at t={times[r]}: {TheoryTestData.MaxAbsDiff(train, p.TrainMean[r])}");
            Assert.True(TheoryTestData.MaxAbsDiff(test, p.TestMean[r]) < 2e-4, $"test at t={times[r]}: {TheoryTestData.MaxAbsDiff(test, p.TestMean[r])}");
        }
    }

    [Theory]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Erf, 2)]
    [InlineData(Activation.Linear, 1)]
    public void ReachesGpPosteriorMeanForAnyInitialisation(Activation a, int depth)
    {
        foreach (double sigma02 in new[] { 0.3, 2.0 })
        {
            var s = new TheorySpec(a, depth, Sigma2: 1.0, Sigma02: sigma02, Temperature: 0.5); // 1/gamma = 2
            var p = NdkTheory.Predict(s, TrainX, TrainY, TestX, [60.0], MeanOnly with { StepScale = 2 }); // coarse grids keep it fast
            var eq = KernelLimits.Compute(s, TrainX, TrainY, TestX);
            Assert.True(TheoryTestData.MaxAbsDiff(eq.EquilibriumTrain, p.TrainMean[0]) < 2e-4, $"train: {TheoryTestData.MaxAbsDiff(eq.EquilibriumTrain, p.TrainMean[0])}");
            Assert.True(TheoryTestData.MaxAbsDiff(eq.EquilibriumTest, p.TestMean[0]) < 2e-4, $"test: {TheoryTestData.MaxAbsDiff(eq.EquilibriumTest, p.TestMean[0])}");
        }
    }

    [Theory]
    [InlineData(Activation.Relu, 1, 0.002)]
    [InlineData(Activation.Erf, 2, 0.05)]
    public void HalvingTheGridStepsChangesLessThan1e4(Activation a, int depth, double temp)
    {
        var s = new TheorySpec(a, depth, Sigma2: 2.0, Sigma02: 1.0, Temperature: temp);
        double tMax = 3 * s.Sigma2 / temp;
        double[] times = [0, 0.5, 2, 10, tMax / 10, tMax / 3, tMax];
        var coarse = NdkTheory.Predict(s, TrainX, TrainY, TestX, times, MeanOnly);
        var fine = NdkTheory.Predict(s, TrainX, TrainY, TestX, times, MeanOnly with { StepScale = 0.5 });
        Assert.True(fine.GridSize > 1.8 * coarse.GridSize);
        for (int r = 0; r < times.Length; r++)
        {
            Assert.True(TheoryTestData.MaxAbsDiff(coarse.TrainMean[r], fine.TrainMean[r]) < 1e-4, $"train at t={times[r]}: {TheoryTestData.MaxAbsDiff(coarse.TrainMean[r], fine.TrainMean[r])}");
            Assert.True(TheoryTestData.MaxAbsDiff(coarse.TestMean[r], fine.TestMean[r]) < 1e-4, $"test at t={times[r]}: {TheoryTestData.MaxAbsDiff(coarse.TestMean[r], fine.TestMean[r])}");
        }
    }

    [Theory]
    [InlineData(Activation.Relu, 2)]
    [InlineData(Activation.Erf, 2)]
    public void FarHistoryInterpolationMatchesExactSums(Activation a, int depth)
    {
        var s = new TheorySpec(a, depth, Sigma2: 2.0, Sigma02: 1.0, Temperature: 0.01);
        double[] times = [0.5, 50, 600, 1200, 2000];
        var exact = NdkTheory.Predict(s, TrainX, TrainY, TestX, times, MeanOnly with { PanelDegree = 0 });
        var fast = NdkTheory.Predict(s, TrainX, TrainY, TestX, times, MeanOnly);
        for (int r = 0; r < times.Length; r++)
        {
            Assert.True(TheoryTestData.MaxAbsDiff(exact.TrainMean[r], fast.TrainMean[r]) < 1e-7, $"train at t={times[r]}: {TheoryTestData.MaxAbsDiff(exact.TrainMean[r], fast.TrainMean[r])}");
            Assert.True(TheoryTestData.MaxAbsDiff(exact.TestMean[r], fast.TestMean[r]) < 1e-7, $"test at t={times[r]}: {TheoryTestData.MaxAbsDiff(exact.TestMean[r], fast.TestMean[r])}");
        }
    }

    [Fact]
    public void RecordTimesAreReturnedInTheGivenOrderAndStartAtZero()
    {
        var s = new TheorySpec(Activation.Relu, 1, 2.0, 1.0, 0.2);
        double[] times = [5, 0, 1];
        var p = NdkTheory.Predict(s, TrainX, TrainY, TestX, times, MeanOnly);
        Assert.Equal(times, p.Times);
        Assert.All(p.TrainMean[1], v => Assert.Equal(0, v));
        Assert.All(p.TestMean[1], v => Assert.Equal(0, v));
        var later = NdkTheory.Predict(s, TrainX, TrainY, TestX, [1.0], MeanOnly);
        Assert.True(TheoryTestData.MaxAbsDiff(later.TrainMean[0], p.TrainMean[2]) < 1e-4);
    }
}
