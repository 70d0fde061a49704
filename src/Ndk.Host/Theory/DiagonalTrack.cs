namespace Ndk.Host.Theory;

/// <summary>
/// The diagonal of the layer recursion for a point set at a list of times: each input meeting itself at
/// the same time, computed on the exact c = q path (MODEL.md sec 4). Batched pair evaluations read the
/// per-point layer factors from here, so each is computed once per point and time.
/// </summary>
internal sealed class DiagonalTrack
{
    /// <summary>[point]: K^0(x, x) = |x|^2 / N0.</summary>
    public readonly double[] K0;
    /// <summary>[time][layer l-1][point]: the factor f(q^l) of <see cref="ILayerKernel.Factor"/>, q^l = m(t,t) K^{l-1}(t,t,x,x).</summary>
    public readonly double[][][] Factor;
    /// <summary>[time][point]: NDK(t,t,x,x).</summary>
    public readonly double[][] Ndk;
    /// <summary>[time][point]: C(t,t,x,x) = m(t,t) K^L(t,t,x,x), the prior output variance.</summary>
    public readonly double[][] Cov;

    public DiagonalTrack(TheorySpec s, double[] k0, IReadOnlyList<double> times)
    {
        K0 = k0;
        int n = times.Count, p = k0.Length, depth = s.Depth;
        Factor = new double[n][][];
        Ndk = new double[n][];
        Cov = new double[n][];
        for (int j = 0; j < n; j++)
        {
            double m = PriorCorrelation.M(s, times[j], times[j]);
            var f = new double[depth][];
            for (int l = 0; l < depth; l++) f[l] = new double[p];
            var ndk = new double[p];
            var cov = new double[p];
            for (int a = 0; a < p; a++)
            {
                double k = k0[a], kt = k0[a];
                for (int l = 0; l < depth; l++)
                {
                    double q = m * k;
                    f[l][a] = LayerKernels.Factor(s.Activation, q);
                    var (kl, kd) = LayerKernels.Diagonal(s.Activation, q);
                    kt = kl + m * kd * kt;
                    k = kl;
                }
                ndk[a] = kt;
                cov[a] = m * k;
            }
            Factor[j] = f;
            Ndk[j] = ndk;
            Cov[j] = cov;
        }
    }

    /// <summary>The layer factors of one point at time index j.</summary>
    public double[] RowFactors(int j, int point)
    {
        var f = new double[Factor[j].Length];
        for (int l = 0; l < f.Length; l++) f[l] = Factor[j][l][point];
        return f;
    }
}
