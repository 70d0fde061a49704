using Ndk.Gpu;

namespace Ndk.Host.Theory;

/// <summary>
/// The model's knobs as the theory sees them (MODEL.md sections 1-3): activation phi, number of hidden
/// layers L, prior variance sigma^2, initialisation variance sigma0^2, temperature T.
/// </summary>
public sealed record TheorySpec(Activation Activation, int Depth, double Sigma2, double Sigma02, double Temperature)
{
    /// <summary>The Ornstein-Uhlenbeck rate of every weight, gamma = T / sigma^2.</summary>
    public double Gamma => Temperature / Sigma2;

    /// <summary>Throws unless the theory can be evaluated for this spec.</summary>
    public void Validate()
    {
        if (Activation == Activation.Tanh)
            throw new NotSupportedException("theory for tanh is not implemented: it has no closed-form kernel (MODEL.md sec 1); use linear, relu or erf");
        if (Depth < 1) throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "depth L must be >= 1");
        if (!(Sigma2 > 0) || double.IsInfinity(Sigma2)) throw new ArgumentOutOfRangeException(nameof(Sigma2), Sigma2, "sigma^2 must be positive and finite");
        if (!(Sigma02 >= 0) || double.IsInfinity(Sigma02)) throw new ArgumentOutOfRangeException(nameof(Sigma02), Sigma02, "sigma0^2 must be >= 0 and finite");
        if (!(Temperature >= 0) || double.IsInfinity(Temperature)) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "T must be >= 0 and finite");
    }
}

/// <summary>Controls of <see cref="NdkTheory.Predict"/>.</summary>
/// <param name="ComputeVariance">Also compute the ensemble variance (MODEL.md sec 6) at the record times.</param>
/// <param name="TMax">Last grid time; default (and at least) the last record time.</param>
/// <param name="StepScale">Multiplies every grid step (early, growth, late); 0.5 halves the grid steps.</param>
/// <param name="EarlyStepTimesLambda">Early step = this / lambda_ref, lambda_ref the largest NTK eigenvalue (MODEL.md sec 5: about 0.1).</param>
/// <param name="Growth">Between the phases the step grows as Growth * t (a geometric grid).</param>
/// <param name="LateStepTimesGamma">Late step cap = this * sigma^2 / T (MODEL.md sec 5: at most about 0.05).</param>
/// <param name="PanelDegree">Far history of the mean predictor by degree-d interpolation of the kernel in t' (see HistoryPanels); 0 = exact sums.</param>
/// <param name="PanelWidthTimesGamma">Widest far-history panel, in units of sigma^2 / T.</param>
/// <param name="VarianceStepTimesLambda">Variance grid steps are capped at this / lambda_ref at all times (see EnsembleVarianceSolver).</param>
/// <param name="VarianceGridSize">At most this many variance grid times (the record times are always on it); coarser steps warn.</param>
/// <param name="MaxVarianceUnknowns">At most this many (time, train point) unknowns N: the variance keeps 2 N^2 doubles.</param>
/// <param name="MaxVarianceTestPoints">The variance is computed for at most this many test points (the first ones); the rest get NaN.</param>
public sealed record TheoryOptions(
    bool ComputeVariance = true,
    double? TMax = null,
    double StepScale = 1.0,
    double EarlyStepTimesLambda = 0.1,
    double Growth = 0.03,
    double LateStepTimesGamma = 0.05,
    int PanelDegree = 8,
    double PanelWidthTimesGamma = 1.0,
    double VarianceStepTimesLambda = 0.2,
    int VarianceGridSize = 2000,
    int MaxVarianceUnknowns = 4000,
    int MaxVarianceTestPoints = 100);
