namespace Ndk.Gpu;

/// <summary>
/// One ensemble living on a device. Weights stay there; only outputs and state snapshots come back.
/// </summary>
public interface IEnsembleSimulation : IDisposable
{
    SimulationSetup Setup { get; }

    /// <summary>Langevin steps taken so far (time t = Step * dt).</summary>
    long Step { get; }

    /// <summary>Takes the given number of Langevin steps.</summary>
    void Advance(long steps, CancellationToken cancel = default);

    /// <summary>
    /// Network outputs f at the current weights for every member and point (train then probes):
    /// destination[member * PointCount + point], length Ensemble.Size * PointCount.
    /// </summary>
    void ReadOutputs(double[] destination);

    /// <summary>Which weights learn from now on (MODEL.md section 7). Default <see cref="TrainingPhase.All"/>.</summary>
    TrainingPhase Phase { get; set; }

    /// <summary>
    /// phi(h^l(x)) of hidden layer l (1..L) at the current weights for the given points (indices in the
    /// setup's train-then-probe order), every member: destination[((long)member * points.Length + k) * Width + unit].
    /// </summary>
    void ReadHidden(int layer, ReadOnlySpan<int> points, float[] destination);

    /// <summary>A copy of the whole state (weights and step), for checkpoints.</summary>
    EnsembleState ExportState();

    /// <summary>Restores a state exported from a simulation of the same setup.</summary>
    void ImportState(EnsembleState state);
}
