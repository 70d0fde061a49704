using Ndk.Gpu;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

/// <summary>MODEL.md sec 8 check 4: int_0^t NDK(t,t') dt' -> K_GP / T at large t, for any sigma0.</summary>
public class IntegralIdentityTests
{
    static readonly double[][] X = TheoryTestData.Inputs(2, 6, seed: 9);

    [Theory]
    [InlineData(Activation.Linear, 2, 0.3)]
    [InlineData(Activation.Relu, 1, 0.3)]
    [InlineData(Activation.Relu, 3, 2.5)]
    [InlineData(Activation.Erf, 2, 0.3)]
    [InlineData(Activation.Erf, 3, 4.0)]
    public void IntegralOfNdkTendsToNngpOverTemperature(Activation a, int depth, double sigma02)
    {
        var s = new TheorySpec(a, depth, Sigma2: 1.2, Sigma02: sigma02, Temperature: 0.3); // gamma = 0.25
        double t = 40 / s.Gamma; // the t' < t - 40/gamma part is below e^-40
        foreach (var (x, xp) in new[] { (X[0], X[1]), (X[0], X[0]) })
        {
            // t' = t - u^2 removes relu's sqrt(t - t') cusp at x = x'; composite Simpson in u
            int n = 6000;
            double h = Math.Sqrt(t) / n, sum = 0;
            for (int k = 0; k <= n; k++)
            {
                double w = k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2, u = k * h;
                sum += w * 2 * u * TwoTimeKernel.Evaluate(s, x, xp, t, Math.Max(t - u * u, 0)).Ndk;
            }
            double integral = sum * h / 3;
            double kgp = KernelLimits.Nngp(s, [x], [xp])[0][0];
            Assert.True(Math.Abs(integral - kgp / s.Temperature) <= 1e-9 * kgp / s.Temperature,
                $"{a} L={depth}: int NDK = {integral:R}, K_GP/T = {kgp / s.Temperature:R}");
        }
    }
}
