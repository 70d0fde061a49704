namespace Ndk.Host.Drift;

/// <summary>
/// Ensemble mean and its standard error from per-member values. With antithetic pairs the members
/// 2k, 2k+1 share their hidden weights and hidden noise, so they are not independent: the error comes
/// from the spread of the pair means (MODEL.md section 6).
/// </summary>
public static class IndependentUnits
{
    public static (double Mean, double Se) Estimate(ReadOnlySpan<double> perMember, bool antithetic)
    {
        if (antithetic && perMember.Length % 2 != 0) throw new ArgumentException("antithetic members come in pairs");
        int units = antithetic ? perMember.Length / 2 : perMember.Length;
        double sum = 0, sumSq = 0;
        for (int u = 0; u < units; u++)
        {
            double v = antithetic ? 0.5 * (perMember[2 * u] + perMember[2 * u + 1]) : perMember[u];
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / units;
        double se = units > 1 ? Math.Sqrt(Math.Max(0, (sumSq - units * mean * mean) / (units - 1)) / units) : double.NaN;
        return (mean, se);
    }
}
