namespace Ndk.Host.Theory;

/// <summary>
/// The infinite-width population-vector correlation of MODEL.md section 7,
/// rho_l(t,t',x) = K^l(t,t',x,x) / sqrt(K^l(t,t,x,x) K^l(t',t',x,x)), from the two-time kernels.
/// The kernels are built from the prior weight correlation m(t,t'): at infinite width in NTK scaling the
/// data gradient moves each hidden weight by O(1/sqrt N), so it changes the hidden population vectors'
/// cosine only at O(1/N). The same formula therefore holds while every weight is learning, after the
/// readout is frozen, and in the prior; the simulation differs from it by finite-width terms only.
/// </summary>
public static class DriftCorrelation
{
    /// <summary>rho_l(t, t', x) for the hidden layers l = 1..L, as [l - 1]; symmetric in t, t'.</summary>
    public static double[] Hidden(TheorySpec s, double[] x, double t, double tp)
    {
        double late = Math.Max(t, tp), early = Math.Min(t, tp);
        var pair = TwoTimeKernel.Evaluate(s, x, x, late, early).K;
        var atLate = TwoTimeKernel.Evaluate(s, x, x, late, late).K;
        var atEarly = TwoTimeKernel.Evaluate(s, x, x, early, early).K;
        var rho = new double[s.Depth];
        for (int l = 1; l <= s.Depth; l++) rho[l - 1] = pair[l] / Math.Sqrt(atLate[l] * atEarly[l]);
        return rho;
    }

    /// <summary>rho_l averaged over a set of inputs, as [l - 1] (the simulation averages its cosines the same way).</summary>
    public static double[] HiddenAveraged(TheorySpec s, IReadOnlyList<double[]> xs, double t, double tp)
    {
        var sum = new double[s.Depth];
        foreach (var x in xs)
        {
            var r = Hidden(s, x, t, tp);
            for (int l = 0; l < sum.Length; l++) sum[l] += r[l] / xs.Count;
        }
        return sum;
    }

    /// <summary>
    /// The first layer's pre-activation correlation m(t,t') / sqrt(m(t,t) m(t',t')): h^1 = W^1 x / sqrt(N0) is
    /// linear in weights that are independent OU processes, whatever x is.
    /// </summary>
    public static double FirstLayerPreActivation(TheorySpec s, double t, double tp) =>
        PriorCorrelation.M(s, t, tp) / Math.Sqrt(PriorCorrelation.M(s, t, t) * PriorCorrelation.M(s, tp, tp));
}
