using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Tests.Ilgpu;

/// <summary>
/// A deliberately plain double-precision implementation of the engine's update (MODEL.md sections 1, 2, 6),
/// independent of every backend: loops over members, points and weights. Only the noise (Normal4, float)
/// and the initial weights (float32 product sigma0 * z, as the engines store them) are shared.
/// </summary>
internal sealed class ReferenceEnsemble
{
    readonly SimulationSetup _s;
    readonly int _n0, _n, _depth, _p;
    public double[][] Theta { get; }
    public long Step { get; private set; }

    public ReferenceEnsemble(SimulationSetup setup)
    {
        _s = setup;
        _n0 = setup.Network.InputDim; _n = setup.Network.Width; _depth = setup.Network.Depth; _p = setup.TrainCount;
        long pm = setup.Network.ParameterCount;
        float sigma0 = (float)Math.Sqrt(setup.Dynamics.Sigma02);
        Theta = new double[setup.Ensemble.Size][];
        for (int m = 0; m < setup.Ensemble.Size; m++)
        {
            uint unit = Unit(m, out double sign);
            var t = new double[pm];
            for (long p = 0; p < pm; p++)
            {
                float z = Noise(GaussianNoise.InitStream, unit, 0, p);
                float v = sigma0 * z;
                t[p] = p >= ReadoutOffset ? sign * v : v;
            }
            Theta[m] = t;
        }
    }

    long LayerOffset(int l) => l == 1 ? 0 : (long)_n * _n0 + (long)(l - 2) * _n * _n;
    long ReadoutOffset => LayerOffset(_depth + 1);

    uint Unit(int local, out double readoutSign)
    {
        int g = _s.Ensemble.FirstMember + local;
        readoutSign = _s.Ensemble.Antithetic && (g & 1) == 1 ? -1 : 1;
        return (uint)(_s.Ensemble.Antithetic ? g / 2 : g);
    }

    float Noise(uint stream, uint unit, long step, long p)
    {
        GaussianNoise.Normal4(_s.Ensemble.Seed, stream, unit, step, (uint)(p / 4), out float z0, out float z1, out float z2, out float z3);
        return (p % 4) switch { 0 => z0, 1 => z1, 2 => z2, _ => z3 };
    }

    double[] Input(int point)
    {
        var x = new double[_n0];
        for (int j = 0; j < _n0; j++)
            x[j] = point < _p ? _s.TrainInputs[point * _n0 + j] : _s.ProbeInputs[(point - _p) * _n0 + j];
        return x;
    }

    /// <summary>Pre-activations h^1..h^L (index 1..L) and f for one member and input.</summary>
    (double[][] h, double f) Forward(double[] t, double[] x)
    {
        int act = (int)_s.Network.Activation;
        var h = new double[_depth + 1][];
        double[] input = x;
        for (int l = 1; l <= _depth; l++)
        {
            int fan = l == 1 ? _n0 : _n;
            long off = LayerOffset(l);
            var hl = new double[_n];
            for (int i = 0; i < _n; i++)
            {
                double s = 0;
                for (int j = 0; j < fan; j++) s += t[off + (long)i * fan + j] * input[j];
                hl[i] = s / Math.Sqrt(fan);
            }
            h[l] = hl;
            input = hl.Select(z => ActivationFunctions.Phi(act, z)).ToArray();
        }
        double f = 0;
        for (int i = 0; i < _n; i++) f += t[ReadoutOffset + i] * input[i];
        return (h, f / Math.Sqrt(_n));
    }

    public void Advance(int steps)
    {
        for (int s = 0; s < steps; s++) TakeStep();
    }

    void TakeStep()
    {
        var dyn = _s.Dynamics;
        int act = (int)_s.Network.Activation;
        for (int m = 0; m < Theta.Length; m++)
        {
            var t = Theta[m];
            var g = new double[t.Length];
            for (int mu = 0; mu < _p; mu++)
            {
                var x = Input(mu);
                var (h, f) = Forward(t, x);
                double r = f - _s.TrainLabels[mu];
                var phiL = h[_depth].Select(z => ActivationFunctions.Phi(act, z)).ToArray();
                for (int i = 0; i < _n; i++) g[ReadoutOffset + i] += r * phiL[i] / Math.Sqrt(_n);
                var delta = new double[_n];
                for (int i = 0; i < _n; i++)
                    delta[i] = r * t[ReadoutOffset + i] / Math.Sqrt(_n) * ActivationFunctions.PhiPrime(act, h[_depth][i]);
                for (int l = _depth; l >= 1; l--)
                {
                    int fan = l == 1 ? _n0 : _n;
                    long off = LayerOffset(l);
                    double[] input = l == 1 ? x : h[l - 1].Select(z => ActivationFunctions.Phi(act, z)).ToArray();
                    for (int i = 0; i < _n; i++)
                        for (int j = 0; j < fan; j++)
                            g[off + (long)i * fan + j] += delta[i] * input[j] / Math.Sqrt(fan);
                    if (l > 1)
                    {
                        var next = new double[_n];
                        for (int j = 0; j < _n; j++)
                        {
                            double s2 = 0;
                            for (int i = 0; i < _n; i++) s2 += delta[i] * t[off + (long)i * _n + j];
                            next[j] = s2 / Math.Sqrt(_n) * ActivationFunctions.PhiPrime(act, h[l - 1][j]);
                        }
                        delta = next;
                    }
                }
            }
            uint unit = Unit(m, out double sign);
            for (long p = 0; p < t.Length; p++)
            {
                double xi = Noise(GaussianNoise.LangevinStream, unit, Step, p);
                if (p >= ReadoutOffset) xi *= sign;
                t[p] = t[p] * dyn.Decay - dyn.Dt * g[p] + dyn.NoiseScale * xi;
            }
        }
        Step++;
    }

    /// <summary>f for every member and point (train then probes), like ReadOutputs.</summary>
    public double[] Outputs()
    {
        int points = _s.PointCount;
        var o = new double[Theta.Length * points];
        for (int m = 0; m < Theta.Length; m++)
            for (int pt = 0; pt < points; pt++)
                o[m * points + pt] = Forward(Theta[m], Input(pt)).f;
        return o;
    }

    public double[] Flat() => Theta.SelectMany(t => t).ToArray();
}
