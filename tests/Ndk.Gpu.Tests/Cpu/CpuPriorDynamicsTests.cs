using Ndk.Gpu.Cpu;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>
/// With the data gradient switched off every weight is a discrete Ornstein-Uhlenbeck process:
/// theta_k = rho^k theta_0 + eta_k, rho = 1 - dt T/sigma^2, eta_k ~ N(0, v_k), v_0 = 0,
/// v_(k+1) = rho^2 v_k + 2 T dt, independent of theta_0. Checked over all weights of the ensemble
/// (n samples) with tolerances of 4.5 standard errors derived from that law.
/// </summary>
public class CpuPriorDynamicsTests
{
    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Double)]
    public void WeightsFollowTheDiscreteOuRecursion(Precision precision)
    {
        const int k = 40, lag = 20;
        var setup = CpuTestSetups.Setup(n0: 10, width: 16, depth: 2, size: 96, dt: 0.05, temperature: 0.5,
            sigma2: 1.0, sigma02: 2.0, precision: precision, seed: 99);
        using var backend = new CpuBackend(2);
        using var sim = backend.CreateSimulation(setup);
        sim.DataGradient = false;
        double rho = setup.Dynamics.Decay, q = 2 * setup.Dynamics.Temperature * setup.Dynamics.Dt;
        double V(int steps) { double v = 0; for (int s = 0; s < steps; s++) v = rho * rho * v + q; return v; }

        double[] w0 = sim.ExportState().Weights;
        sim.Advance(k);
        double[] wk = sim.ExportState().Weights;
        sim.Advance(lag);
        double[] wkl = sim.ExportState().Weights;
        int n = w0.Length;

        // Conditional on theta_0: residual mean 0 and variance v_k.
        double rk = Math.Pow(rho, k), vk = V(k);
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) { double r = wk[i] - rk * w0[i]; sum += r; sumSq += r * r; }
        double mean = sum / n, meanSq = sumSq / n;
        Assert.InRange(mean, -4.5 * Math.Sqrt(vk / n), 4.5 * Math.Sqrt(vk / n));
        Assert.InRange(meanSq, vk - 4.5 * vk * Math.Sqrt(2.0 / n), vk + 4.5 * vk * Math.Sqrt(2.0 / n));

        // Unconditional mean 0 (theta_0 ~ N(0, sigma0^2)) and variance rho^2k sigma0^2 + v_k.
        double varK = rk * rk * setup.Dynamics.Sigma02 + vk;
        double s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) { s1 += wk[i]; s2 += wk[i] * wk[i]; }
        Assert.InRange(s1 / n, -4.5 * Math.Sqrt(varK / n), 4.5 * Math.Sqrt(varK / n));
        Assert.InRange(s2 / n, varK - 4.5 * varK * Math.Sqrt(2.0 / n), varK + 4.5 * varK * Math.Sqrt(2.0 / n));

        // Lag: <theta_k theta_(k+lag)> = rho^lag <theta_k^2>; the statistic mean(theta_k (theta_(k+lag) - rho^lag theta_k))
        // has mean 0 and standard error sqrt(<theta_k^2> v_lag / n).
        double rl = Math.Pow(rho, lag), vl = V(lag);
        double cross = 0;
        for (int i = 0; i < n; i++) cross += wk[i] * (wkl[i] - rl * wk[i]);
        cross /= n;
        double se = Math.Sqrt(varK * vl / n);
        Assert.InRange(cross, -4.5 * se, 4.5 * se);
        // And the lag correlation itself against rho^lag sqrt(Var_k / Var_(k+lag)).
        double varKl = Math.Pow(rho, 2 * (k + lag)) * setup.Dynamics.Sigma02 + V(k + lag);
        double c2 = 0, s3 = 0;
        for (int i = 0; i < n; i++) { c2 += wk[i] * wkl[i]; s3 += wkl[i] * wkl[i]; }
        double corr = c2 / Math.Sqrt(s2 * s3);
        double expected = rl * Math.Sqrt(varK / varKl);
        Assert.InRange(corr, expected - 4.5 * (1 - expected * expected) / Math.Sqrt(n), expected + 4.5 * (1 - expected * expected) / Math.Sqrt(n));
    }
}
