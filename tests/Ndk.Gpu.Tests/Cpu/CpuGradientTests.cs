using Ndk.Gpu.Cpu;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>
/// The backward pass and the fused update against central finite differences of
/// E_data = 1/2 sum_mu (f_mu - y_mu)^2, in double. The gradient is read off the real update kernel:
/// with dt = 1, T = 0 (decay 1, no noise) it maps theta to theta - g.
/// </summary>
public class CpuGradientTests
{
    [Theory]
    [InlineData(Activation.Linear, 1)] [InlineData(Activation.Linear, 2)] [InlineData(Activation.Linear, 3)]
    [InlineData(Activation.Relu, 1)] [InlineData(Activation.Relu, 2)] [InlineData(Activation.Relu, 3)]
    [InlineData(Activation.Erf, 1)] [InlineData(Activation.Erf, 2)] [InlineData(Activation.Erf, 3)]
    [InlineData(Activation.Tanh, 1)] [InlineData(Activation.Tanh, 2)] [InlineData(Activation.Tanh, 3)]
    public void MatchesCentralDifferences(Activation act, int depth)
    {
        const int n0 = 5, n = 7, p = 3;
        var net = new NetworkSpec(n0, n, depth, act);
        var layout = new CpuLayout(net, p);
        var scratch = new CpuScratch<double>(layout, layout.TrainColumns, 4);
        var (xf, yf) = CpuTestSetups.Data(p, n0, 11 + depth);
        int c = layout.TrainColumns;
        var trainT = new double[n0 * c];
        int xs = layout.PointMajorStride(0);
        var train = new double[p * xs];
        for (int mu = 0; mu < p; mu++)
            for (int j = 0; j < n0; j++) { train[mu * xs + j] = xf[mu * n0 + j]; trainT[j * c + mu] = xf[mu * n0 + j]; }
        var rng = new Random(100 + depth * 10 + (int)act);
        var w = new double[layout.ParameterCount];
        for (int i = 0; i < w.Length; i++) w[i] = 1.3 * CpuTestSetups.Gauss(rng);

        double Energy(double[] theta)
        {
            CpuForwardPass.Run<double>(layout, theta, trainT, c, scratch, transposed: false);
            double e = 0;
            for (int mu = 0; mu < p; mu++) { double r = scratch.Output[mu] - yf[mu]; e += 0.5 * r * r; }
            return e;
        }

        // Analytic gradient through forward, backward and the fused update (dt = 1, no decay, no noise).
        var updated = (double[])w.Clone();
        CpuForwardPass.Run<double>(layout, updated, trainT, c, scratch, transposed: true);
        CpuBackwardPass.Run<double>(layout, updated, yf, scratch);
        var ctx = new UpdateContext<double>
        {
            Decay = 1, Dt = 1, NoiseScale = 0, Seed = 1, Unit = 0, Step = 0, MirrorReadout = false, DataGradient = true,
        };
        for (int l = depth - 1; l >= 0; l--)
            LangevinUpdate.Layer<double>(layout, l, updated, l == 0 ? train : scratch.ActT[l - 1], ctx, scratch);
        LangevinUpdate.Readout<double>(layout, updated, ctx, scratch);

        // erf: the forward uses the A&S 7.1.26 approximation, the backward the exact derivative
        // 2/sqrt(pi) exp(-z^2); their mismatch (about 1.6e-6 relative here) enters the tolerance.
        double tol = act == Activation.Erf ? 1e-5 : 1e-8;
        const double eps = 1e-5;
        double maxErr = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double g = w[i] - updated[i];
            var plus = (double[])w.Clone(); plus[i] += eps;
            var minus = (double[])w.Clone(); minus[i] -= eps;
            double fd = (Energy(plus) - Energy(minus)) / (2 * eps);
            double err = Math.Abs(fd - g) / (1 + Math.Abs(fd));
            maxErr = Math.Max(maxErr, err);
        }
        Assert.True(maxErr < tol, $"{act} L={depth}: max relative gradient error {maxErr:E2} >= {tol:E0}");
    }
}
