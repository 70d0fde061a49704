namespace Ndk.Host.Theory;

/// <summary>The prior ("free") weight dynamics of MODEL.md section 3.</summary>
public static class PriorCorrelation
{
    /// <summary>
    /// m(t,t') = &lt;theta(t) theta(t')&gt; = sigma^2 exp(-gamma |t - t'|) + (sigma0^2 - sigma^2) exp(-gamma (t + t')),
    /// gamma = T / sigma^2: every weight is an Ornstein-Uhlenbeck process started from N(0, sigma0^2).
    /// </summary>
    public static double M(TheorySpec s, double t, double tp)
    {
        double g = s.Gamma;
        return s.Sigma2 * Math.Exp(-g * Math.Abs(t - tp)) + (s.Sigma02 - s.Sigma2) * Math.Exp(-g * (t + tp));
    }
}
