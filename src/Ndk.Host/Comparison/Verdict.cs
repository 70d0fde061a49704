namespace Ndk.Host.Comparison;

/// <summary>
/// The agreement criterion, stated in every report.
/// Over all record times t &gt; 0 and all points: the relative RMS error e = RMS(sim - theory) / RMS(theory)
/// has a sampling part s = RMS(SE) / RMS(theory) (its expectation when the theory is exact), so its systematic
/// part is sqrt(max(0, e^2 - s^2)). Agree when the systematic part is at most 5% of the RMS theory (room for the
/// O(1/N) finite-width correction and the O(dt) discretisation error) and the median |z| is at most 2 (an exact
/// theory gives a median |z| of 0.67; a bias of 2 standard errors or more at most points is resolved by the
/// ensemble and is reported as disagreement even when small).
/// </summary>
public sealed record Verdict(bool Agree, string Line)
{
    public const double MaxSystematic = 0.05;
    public const double MaxMedianAbsZ = 2.0;

    public const string Criterion =
        "agree when the systematic part of the RMS error, sqrt(max(0, e^2 - s^2)) with e = RMS(sim - theory)/RMS(theory) " +
        "and s = RMS(SE)/RMS(theory) its expected sampling part, is at most 5% of the RMS theory, and the median |z| is at most 2 " +
        "(an exact theory gives median |z| = 0.67), over all record times t > 0 and all train and test points. " +
        "The 5% leaves room for the O(1/N) finite-width and O(dt) discretisation corrections to the infinite-width, continuous-time theory.";
}
