using Ndk.Gpu;

namespace Ndk.Host.Drift;

/// <summary>One measured rho_l(t_ref, t_ref + tau): ensemble mean and standard error (from independent units).</summary>
public readonly record struct CorrelationPoint(double ReferenceTime, double Lag, int Layer, double Mean, double Se);

/// <summary>
/// Keeps the probe points' hidden representations at the reference times (host-side: probes x width x
/// members floats per layer) and measures every later snapshot against each earlier reference.
/// </summary>
public sealed class HiddenDriftTracker(IEnsembleSimulation sim, int[] probePoints, IReadOnlySet<long> referenceSteps)
{
    readonly Dictionary<long, float[][]> _references = [];
    public List<CorrelationPoint> Points { get; } = [];

    int Members => sim.Setup.Ensemble.Size;
    int Width => sim.Setup.Network.Width;
    int Depth => sim.Setup.Network.Depth;

    /// <summary>Snapshot at the simulation's current step.</summary>
    public void Snapshot()
    {
        long step = sim.Step;
        double dt = sim.Setup.Dynamics.Dt;
        var now = new float[Depth][];
        for (int l = 1; l <= Depth; l++)
        {
            now[l - 1] = new float[(long)Members * probePoints.Length * Width];
            sim.ReadHidden(l, probePoints, now[l - 1]);
        }
        if (referenceSteps.Contains(step)) _references[step] = now;
        foreach (var (refStep, reference) in _references.OrderBy(kv => kv.Key))
        {
            if (refStep > step) continue;
            for (int l = 0; l < Depth; l++)
            {
                var perMember = PopulationCorrelation.PerMember(now[l], reference[l], Members, probePoints.Length, Width);
                var (mean, se) = IndependentUnits.Estimate(perMember, sim.Setup.Ensemble.Antithetic);
                Points.Add(new CorrelationPoint(refStep * dt, (step - refStep) * dt, l + 1, mean, se));
            }
        }
    }
}
