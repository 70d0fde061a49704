using Ndk.Gpu;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

/// <summary>MODEL.md sec 8 check 3: NDK(t,t') = (1/T) dC(t,t')/dt' at sigma0 = sigma, and not otherwise.</summary>
public class FluctuationDissipationTests
{
    static readonly double[][] X = TheoryTestData.Inputs(2, 6, seed: 5);

    /// <summary>dC/dt' by Richardson-extrapolated central differences: error O(h^4) + rounding eps C / h.</summary>
    static double DCdtp(TheorySpec s, double t, double tp, double h)
    {
        double D(double step) =>
            (TwoTimeKernel.Evaluate(s, X[0], X[1], t, tp + step).C - TwoTimeKernel.Evaluate(s, X[0], X[1], t, tp - step).C) / (2 * step);
        return (4 * D(h / 2) - D(h)) / 3;
    }

    [Theory]
    [InlineData(Activation.Linear, 1)]
    [InlineData(Activation.Linear, 2)]
    [InlineData(Activation.Linear, 3)]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Relu, 2)]
    [InlineData(Activation.Relu, 3)]
    [InlineData(Activation.Erf, 1)]
    [InlineData(Activation.Erf, 2)]
    [InlineData(Activation.Erf, 3)]
    public void HoldsAtStationaryPrior(Activation a, int depth)
    {
        var s = new TheorySpec(a, depth, Sigma2: 1.5, Sigma02: 1.5, Temperature: 0.6); // gamma = 0.4
        foreach (var (t, tp) in new[] { (3.0, 1.0), (2.0, 1.7), (10.0, 0.5) })
        {
            double ndk = TwoTimeKernel.Evaluate(s, X[0], X[1], t, tp).Ndk;
            double fd = DCdtp(s, t, tp, 0.02) / s.Temperature;
            Assert.True(Math.Abs(ndk - fd) <= 1e-8 * Math.Abs(ndk), $"{a} L={depth} t={t} t'={tp}: NDK {ndk:R} vs dC/dt'/T {fd:R}");
        }
    }

    [Theory]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Erf)]
    public void FailsAwayFromStationaryPrior(Activation a)
    {
        var s = new TheorySpec(a, 2, Sigma2: 1.5, Sigma02: 0.5, Temperature: 0.6);
        double tp = s.Sigma2 / s.Temperature, t = tp + 1.0;
        double ndk = TwoTimeKernel.Evaluate(s, X[0], X[1], t, tp).Ndk;
        double fd = DCdtp(s, t, tp, 0.02) / s.Temperature;
        Assert.True(Math.Abs(ndk - fd) > 1e-2 * Math.Abs(ndk), $"{a}: NDK {ndk} vs dC/dt'/T {fd} agree although sigma0 != sigma");
    }
}
