namespace Ndk.Host.Theory;

/// <summary>
/// Every layer of the two-time kernels for one input pair (x, t), (x', t'), t &gt;= t' (MODEL.md sec 4).
/// Arrays are indexed by layer l = 0..L: K[0] = Ktilde[0] = x.x'/N0; Kdot[0] = 0 (no activation below the input).
/// </summary>
public sealed record KernelLayers(double[] K, double[] Kdot, double[] Ktilde, double Ndk, double C);

/// <summary>
/// The two-time kernels K^l, Kdot^l, Ktilde^l, the NDK and the output covariance C(t,t') = m(t,t') K^L
/// (MODEL.md sec 4), for single pairs and for whole input sets. The NTK and the NNGP kernel are special
/// cases, exposed by <see cref="KernelLimits"/>.
/// </summary>
public static class TwoTimeKernel
{
    /// <summary>All layers for one pair; the exact diagonal path is taken when x = x' and t = t'.</summary>
    public static KernelLayers Evaluate(TheorySpec s, double[] x, double[] xp, double t, double tp)
    {
        s.Validate();
        RequireCausal(t, tp);
        double kxx = InputGram.K0(x, x), kyy = InputGram.K0(xp, xp), kxy = InputGram.K0(x, xp);
        bool diagonal = t == tp && kxy == kxx && kxx == kyy;
        return Recurse(s, kxx, kyy, kxy, PriorCorrelation.M(s, t, t), PriorCorrelation.M(s, tp, tp), PriorCorrelation.M(s, t, tp),
            diagonal, Math.Exp(-s.Gamma * (t - tp)));
    }

    /// <summary>All layers for every pair (xs[i], ys[j]) as [i][j], by the scalar path (for inspection; the solvers use batched rows).</summary>
    public static KernelLayers[][] Evaluate(TheorySpec s, double[][] xs, double[][] ys, double t, double tp) =>
        xs.Select(x => ys.Select(y => Evaluate(s, x, y, t, tp)).ToArray()).ToArray();

    /// <summary>
    /// The layer recursion with given weight correlations m11 = m(t,t), m22 = m(t',t'), m12 = m(t,t')
    /// (constant m gives the NTK and NNGP kernels).
    /// </summary>
    internal static KernelLayers Recurse(TheorySpec s, double kxx, double kyy, double kxy, double m11, double m22, double m12, bool diagonal, double decay)
    {
        int depth = s.Depth;
        var k = new double[depth + 1];
        var kdot = new double[depth + 1];
        var kt = new double[depth + 1];
        k[0] = kt[0] = kxy;
        double dx = kxx, dy = kyy; // K^{l-1}(t,t,x,x), K^{l-1}(t',t',x',x')
        for (int l = 1; l <= depth; l++)
        {
            (k[l], kdot[l]) = diagonal
                ? LayerKernels.Diagonal(s.Activation, m12 * k[l - 1])
                : LayerKernels.Pair(s.Activation, m11 * dx, m22 * dy, m12 * k[l - 1]);
            dx = LayerKernels.Diagonal(s.Activation, m11 * dx).K;
            dy = LayerKernels.Diagonal(s.Activation, m22 * dy).K;
            kt[l] = k[l] + m12 * kdot[l] * kt[l - 1];
        }
        return new KernelLayers(k, kdot, kt, decay * kt[depth], m12 * k[depth]);
    }

    /// <summary>NDK(t, t', xs[i], ys[j]) as [i][j], t &gt;= t'.</summary>
    public static double[][] Ndk(TheorySpec s, double[][] xs, double[][] ys, double t, double tp)
    {
        RequireCausal(t, tp);
        return Matrices(s, xs, ys, t, tp, withCov: false).Ndk;
    }

    /// <summary>C(t, t', xs[i], ys[j]) = m(t,t') K^L as [i][j] (any order of t and t').</summary>
    public static double[][] Covariance(TheorySpec s, double[][] xs, double[][] ys, double t, double tp) =>
        Matrices(s, xs, ys, t, tp, withCov: true).Cov!;

    static (double[][] Ndk, double[][]? Cov) Matrices(TheorySpec s, double[][] xs, double[][] ys, double t, double tp, bool withCov)
    {
        s.Validate();
        var k0 = InputGram.Cross(xs, ys);
        var rows = new DiagonalTrack(s, InputGram.Diagonal(xs), [t]);
        var cols = new DiagonalTrack(s, InputGram.Diagonal(ys), [tp]);
        double m12 = PriorCorrelation.M(s, t, tp), decay = Math.Exp(-s.Gamma * (t - tp));
        var ndk = new double[xs.Length][];
        var cov = withCov ? new double[xs.Length][] : null;
        Parallel.For(0, xs.Length, i =>
        {
            var nrow = new double[ys.Length];
            var crow = withCov ? new double[ys.Length] : [];
            KernelRows.Row(s.Activation, k0[i], rows.RowFactors(0, i), cols.Factor[0], m12, decay, nrow, crow);
            if (t == tp) KernelRows.FixDiagonal(k0[i], rows.K0[i], cols.K0, rows.Ndk[0][i], rows.Cov[0][i], nrow, crow);
            ndk[i] = nrow;
            if (cov != null) cov[i] = crow;
        });
        return (ndk, cov);
    }

    static void RequireCausal(double t, double tp)
    {
        if (!(t >= tp) || tp < 0) throw new ArgumentException($"the NDK is causal: need t >= t' >= 0 (got t = {t}, t' = {tp})");
    }
}
