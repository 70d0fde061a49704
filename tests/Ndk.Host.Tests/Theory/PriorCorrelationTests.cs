using Ndk.Gpu;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

/// <summary>MODEL.md sec 8 check 1.</summary>
public class PriorCorrelationTests
{
    static readonly TheorySpec Spec = new(Activation.Relu, 1, Sigma2: 2.0, Sigma02: 0.5, Temperature: 0.1); // gamma = 0.05

    [Fact]
    public void StartsAtInitialisationVariance() => Assert.Equal(0.5, PriorCorrelation.M(Spec, 0, 0), 15);

    [Fact]
    public void EqualTimeRelaxesToPriorVariance()
    {
        Assert.Equal(2.0, PriorCorrelation.M(Spec, 1000, 1000), 12); // exp(-2 gamma t) = e^-100
        Assert.InRange(PriorCorrelation.M(Spec, 10, 10), 0.5, 2.0 - 1e-3); // monotone approach from below, not yet there
    }

    [Fact]
    public void LateTwoTimeCorrelationDecaysExponentially()
    {
        foreach (double tau in new[] { 0.0, 5.0, 20.0, 60.0 })
            Assert.Equal(2.0 * Math.Exp(-0.05 * tau), PriorCorrelation.M(Spec, 1000 + tau, 1000), 12);
    }

    [Fact]
    public void IsSymmetricInItsTimes() => Assert.Equal(PriorCorrelation.M(Spec, 3, 7), PriorCorrelation.M(Spec, 7, 3), 15);
}
