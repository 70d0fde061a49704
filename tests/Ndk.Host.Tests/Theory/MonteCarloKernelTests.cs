using MathNet.Numerics;
using Ndk.Gpu;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

/// <summary>MODEL.md sec 8 check 6: the closed forms against sampled Gaussian pairs and sampled wide networks.</summary>
public class MonteCarloKernelTests
{
    static double Phi(Activation a, double z) => a switch { Activation.Relu => Math.Max(z, 0), Activation.Erf => SpecialFunctions.Erf(z), _ => z };
    static double PhiPrime(Activation a, double z) => a switch
    {
        Activation.Relu => z > 0 ? 1 : 0,
        Activation.Erf => 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z),
        _ => 1,
    };

    /// <summary>Mean and standard error of a sample.</summary>
    static (double Mean, double Se) Stats(IReadOnlyList<double> v)
    {
        double mean = v.Average();
        double var = v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1);
        return (mean, Math.Sqrt(var / v.Count));
    }

    [Theory]
    [InlineData(Activation.Relu, 1.0, 2.0, 0.7)]
    [InlineData(Activation.Relu, 0.5, 1.5, -0.999)]
    [InlineData(Activation.Relu, 2.0, 2.0, 0.9999)]
    [InlineData(Activation.Erf, 1.0, 2.0, 0.7)]
    [InlineData(Activation.Erf, 0.3, 4.0, -0.95)]
    [InlineData(Activation.Erf, 3.0, 3.0, 0.9999)]
    public void LayerKernelsMatchSampledGaussianPairs(Activation a, double q1, double q2, double rho)
    {
        var rng = new Random(1000 + (int)(100 * q1 + 10 * q2));
        int count = 200_000;
        var k = new double[count];
        var kdot = new double[count];
        for (int s = 0; s < count; s++)
        {
            double z1 = TheoryTestData.Gaussian(rng), z2 = TheoryTestData.Gaussian(rng);
            double u = Math.Sqrt(q1) * z1, v = Math.Sqrt(q2) * (rho * z1 + Math.Sqrt(1 - rho * rho) * z2);
            k[s] = Phi(a, u) * Phi(a, v);
            kdot[s] = PhiPrime(a, u) * PhiPrime(a, v);
        }
        var (kClosed, kdotClosed) = LayerKernels.Pair(a, q1, q2, rho * Math.Sqrt(q1 * q2));
        var (km, kse) = Stats(k);
        var (dm, dse) = Stats(kdot);
        Assert.True(Math.Abs(km - kClosed) < 4 * kse, $"K: sampled {km} +- {kse}, closed form {kClosed}");
        Assert.True(Math.Abs(dm - kdotClosed) < 4 * dse + 1e-12, $"Kdot: sampled {dm} +- {dse}, closed form {kdotClosed}");
    }

    [Theory]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Relu, 2)]
    [InlineData(Activation.Relu, 3)]
    [InlineData(Activation.Erf, 1)]
    [InlineData(Activation.Erf, 2)]
    [InlineData(Activation.Erf, 3)]
    public void NngpAndNtkMatchSampledWideNetworks(Activation a, int depth)
    {
        const int width = 512, draws = 100, n0 = 10;
        const double weightVariance = 1.5; // sigma0^2 = sigma^2: the same draws sample the NTK(sigma0) and the NNGP
        var xs = TheoryTestData.Inputs(3, n0, seed: 61);
        xs[2] = xs[0].Zip(xs[1], (u, v) => 0.8 * u + 0.2 * v).ToArray(); // a strongly correlated pair too
        var rng = new Random(7 * depth + (int)a);
        var pairs = new[] { (0, 0), (0, 1), (0, 2), (1, 2), (2, 2) };
        var ntk = pairs.Select(_ => new double[draws]).ToArray();
        var nngp = pairs.Select(_ => new double[draws]).ToArray();
        for (int d = 0; d < draws; d++)
        {
            var net = WideNetwork.Sample(rng, n0, width, depth, weightVariance);
            var passes = xs.Select(x => net.ForwardBackward(a, x)).ToArray();
            for (int p = 0; p < pairs.Length; p++)
            {
                var (i, j) = pairs[p];
                ntk[p][d] = WideNetwork.EmpiricalNtk(passes[i], passes[j]);
                nngp[p][d] = weightVariance * WideNetwork.Dot(passes[i].G[depth], passes[j].G[depth]) / width;
            }
        }
        var s = new TheorySpec(a, depth, Sigma2: weightVariance, Sigma02: weightVariance, Temperature: 0.1);
        var ntkClosed = KernelLimits.Ntk(s, xs, xs);
        var nngpClosed = KernelLimits.Nngp(s, xs, xs);
        for (int p = 0; p < pairs.Length; p++)
        {
            var (i, j) = pairs[p];
            var (nm, nse) = Stats(ntk[p]);
            var (gm, gse) = Stats(nngp[p]);
            Assert.True(Math.Abs(nm - ntkClosed[i][j]) < 4 * nse, $"NTK({i},{j}): sampled {nm} +- {nse}, closed form {ntkClosed[i][j]}");
            Assert.True(Math.Abs(gm - nngpClosed[i][j]) < 4 * gse, $"NNGP({i},{j}): sampled {gm} +- {gse}, closed form {nngpClosed[i][j]}");
        }
    }

    /// <summary>A network of MODEL.md sec 1 (NTK scaling, no biases) with explicit weights.</summary>
    sealed class WideNetwork
    {
        public required double[][][] W; // W[l] for l = 1..L at index l-1: [out][in]
        public required double[] A;
        public required int N0;

        public sealed record Pass(double[][] G, double[][] Delta); // G[l] = phi(h^l) (G[0] = x); Delta[l-1] = df/dh^l

        public static WideNetwork Sample(Random rng, int n0, int width, int depth, double variance)
        {
            double sd = Math.Sqrt(variance);
            double[] Row(int n) => Enumerable.Range(0, n).Select(_ => sd * TheoryTestData.Gaussian(rng)).ToArray();
            var w = new double[depth][][];
            for (int l = 0; l < depth; l++) w[l] = Enumerable.Range(0, width).Select(_ => Row(l == 0 ? n0 : width)).ToArray();
            return new WideNetwork { W = w, A = Row(width), N0 = n0 };
        }

        public Pass ForwardBackward(Activation act, double[] x)
        {
            int depth = W.Length, width = A.Length;
            var g = new double[depth + 1][];
            var h = new double[depth + 1][];
            g[0] = x;
            for (int l = 1; l <= depth; l++)
            {
                double scale = 1 / Math.Sqrt(l == 1 ? N0 : width);
                h[l] = W[l - 1].Select(row => Dot(row, g[l - 1]) * scale).ToArray();
                g[l] = h[l].Select(z => Phi(act, z)).ToArray();
            }
            var delta = new double[depth][];
            double s = 1 / Math.Sqrt(width);
            delta[depth - 1] = Enumerable.Range(0, width).Select(i => A[i] * PhiPrime(act, h[depth][i]) * s).ToArray();
            for (int l = depth - 1; l >= 1; l--)
            {
                var next = delta[l];
                var back = new double[width];
                for (int i = 0; i < width; i++)
                    for (int j = 0; j < width; j++) back[j] += W[l][i][j] * next[i];
                delta[l - 1] = back.Select((v, j) => v * s * PhiPrime(act, h[l][j])).ToArray();
            }
            return new Pass(g, delta);
        }

        /// <summary>sum over all weights of df/dtheta(x) df/dtheta(x').</summary>
        public static double EmpiricalNtk(Pass p, Pass q)
        {
            int depth = p.Delta.Length, width = p.G[depth].Length;
            double k = Dot(p.G[depth], q.G[depth]) / width; // readout a
            for (int l = 1; l <= depth; l++)
                k += Dot(p.Delta[l - 1], q.Delta[l - 1]) * Dot(p.G[l - 1], q.G[l - 1]) / p.G[l - 1].Length; // W^l
            return k;
        }

        public static double Dot(double[] u, double[] v)
        {
            double s = 0;
            for (int i = 0; i < u.Length; i++) s += u[i] * v[i];
            return s;
        }
    }
}
