namespace Ndk.Gpu;

/// <summary>
/// Everything an engine needs to train one ensemble: network, dynamics, members, the P training points
/// (inputs row-major P x N0, labels) and Q probe points (test inputs, row-major Q x N0) whose outputs
/// are measured but never trained on.
/// Points are indexed train first, then probes: point i in [0, P) is train point i, point P + j is probe j.
/// </summary>
public sealed class SimulationSetup
{
    public required NetworkSpec Network { get; init; }
    public required LangevinDynamics Dynamics { get; init; }
    public required EnsembleSpec Ensemble { get; init; }

    /// <summary>Training inputs, row-major, length P * N0.</summary>
    public required float[] TrainInputs { get; init; }
    /// <summary>Training labels, length P.</summary>
    public required float[] TrainLabels { get; init; }
    /// <summary>Probe (test) inputs, row-major, length Q * N0; may be empty.</summary>
    public float[] ProbeInputs { get; init; } = [];

    public Precision Precision { get; init; } = Precision.Single;

    public int TrainCount => TrainLabels.Length;
    public int ProbeCount => ProbeInputs.Length / Network.InputDim;
    public int PointCount => TrainCount + ProbeCount;

    public void Validate()
    {
        Network.Validate();
        Dynamics.Validate();
        Ensemble.Validate();
        if (TrainLabels.Length < 1) throw new ArgumentException("at least one training point is needed");
        if (TrainInputs.Length != (long)TrainLabels.Length * Network.InputDim)
            throw new ArgumentException($"train inputs have {TrainInputs.Length} values; expected P*N0 = {TrainLabels.Length}*{Network.InputDim}");
        if (ProbeInputs.Length % Network.InputDim != 0)
            throw new ArgumentException($"probe inputs have {ProbeInputs.Length} values, not a multiple of N0 = {Network.InputDim}");
    }
}
