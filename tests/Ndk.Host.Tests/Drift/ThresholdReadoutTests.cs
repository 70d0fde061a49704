using Ndk.Host.Drift;

namespace Ndk.Host.Tests.Drift;

public class ThresholdReadoutTests
{
    [Fact]
    public void FindsTheSeparatingThresholdInEitherOrientation()
    {
        double[] v = [0.1, 0.9, 0.3, 0.7, 0.5];
        double[] y = [1, -1, 1, -1, 1];            // small values are +1: sign -1
        var fit = ThresholdReadout.Fit(v, y);
        Assert.Equal(-1, fit.Sign);
        Assert.InRange(fit.Threshold, 0.5, 0.7);
        Assert.Equal(1.0, fit.Accuracy(v, y));
        Assert.Equal(1.0, ThresholdReadout.Fit(v, y.Select(t => -t).ToArray()).Accuracy(v, y.Select(t => -t).ToArray()));
    }

    [Fact]
    public void BestAccuracyWhenNotSeparableAndMajorityWhenConstant()
    {
        double[] v = [1, 2, 3, 4, 5, 6];
        double[] y = [-1, -1, 1, -1, 1, 1];
        Assert.Equal(5.0 / 6, ThresholdReadout.Fit(v, y).Accuracy(v, y), 12);
        double[] same = [2, 2, 2, 2];
        double[] y2 = [1, -1, -1, -1];
        Assert.Equal(0.75, ThresholdReadout.Fit(same, y2).Accuracy(same, y2), 12);
    }

    [Fact]
    public void AppliesTheTrainThresholdToOtherPoints()
    {
        var fit = ThresholdReadout.Fit([0.0, 1.0], [-1.0, 1.0]);
        Assert.Equal(0.75, fit.Accuracy([0.4, 0.6, 0.2, -3], [1.0, 1.0, -1.0, -1.0]), 12); // 0.4 falls below 0.5: the one miss
    }
}
