using Ndk.Host.Drift;

namespace Ndk.Host.Tests.Drift;

public class IndependentUnitsTests
{
    [Fact]
    public void PairsAreTheUnitsWhenAntithetic()
    {
        // Pair means 1, 2, 3: mean 2, SE = sd/sqrt(3) = 1/sqrt(3). As 6 independent members the SE would be smaller.
        double[] v = [0.5, 1.5, 1.0, 3.0, 4.0, 2.0];
        var (mean, se) = IndependentUnits.Estimate(v, antithetic: true);
        Assert.Equal(2.0, mean, 14);
        Assert.Equal(1 / Math.Sqrt(3), se, 14);
        var (m2, se2) = IndependentUnits.Estimate(v, antithetic: false);
        Assert.Equal(2.0, m2, 14);
        Assert.Equal(Math.Sqrt(v.Sum(x => (x - 2) * (x - 2)) / 5 / 6), se2, 14);
        Assert.Throws<ArgumentException>(() => IndependentUnits.Estimate([1.0, 2.0, 3.0], antithetic: true));
    }

    [Fact]
    public void CosineOfSnapshots()
    {
        Assert.Equal(0.0, PopulationCorrelation.Cosine([1f, 0f], [0f, 2f]), 14);
        Assert.Equal(1.0, PopulationCorrelation.Cosine([1f, 2f], [2f, 4f]), 6);
        Assert.True(double.IsNaN(PopulationCorrelation.Cosine([0f, 0f], [1f, 0f])));
        // two members, two points, width 2: member 0 has cosines 1 and 0, member 1 has -1 and 1
        float[] now = [1, 0, 0, 1, 1, 0, 1, 1];
        float[] reference = [1, 0, 1, 0, -1, 0, 1, 1];
        Assert.Equal([0.5, 0.0], PopulationCorrelation.PerMember(now, reference, 2, 2, 2));
    }
}
