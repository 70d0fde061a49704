namespace Ndk.Gpu.Cpu;

/// <summary>An ensemble trained on the CPU, in float32 or float64 (<see cref="SimulationSetup.Precision"/>).</summary>
public sealed class CpuSimulation : IEnsembleSimulation
{
    readonly CpuEnsemble<float>? _single;
    readonly CpuEnsemble<double>? _double;
    long _step;

    internal CpuSimulation(SimulationSetup setup, int threads)
    {
        Setup = setup;
        if (setup.Precision == Precision.Double) _double = new CpuEnsemble<double>(setup, threads);
        else _single = new CpuEnsemble<float>(setup, threads);
    }

    public SimulationSetup Setup { get; }
    public long Step => _step;

    /// <summary>Worker threads used (at most the ensemble size).</summary>
    public int Threads => _single?.Threads ?? _double!.Threads;

    /// <summary>
    /// Test switch: false drops the data gradient, so every weight follows the prior dynamics
    /// theta &lt;- theta (1 - dt T/sigma^2) + sqrt(2 T dt) xi (an Ornstein-Uhlenbeck process).
    /// </summary>
    internal bool DataGradient
    {
        get => _single?.DataGradient ?? _double!.DataGradient;
        set { if (_single != null) _single.DataGradient = value; else _double!.DataGradient = value; }
    }

    /// <summary>Sets the ensemble's switches: FrozenReadout keeps a fixed and drops the hidden data gradient.</summary>
    public TrainingPhase Phase
    {
        get => _phase;
        set
        {
            if (!Enum.IsDefined(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "not a training phase");
            _phase = value;
            bool frozen = value != TrainingPhase.All, data = value != TrainingPhase.FrozenReadout;
            if (_single != null) { _single.FrozenReadout = frozen; _single.DataGradient = data; }
            else { _double!.FrozenReadout = frozen; _double.DataGradient = data; }
        }
    }
    TrainingPhase _phase;

    public void ReadHidden(int layer, ReadOnlySpan<int> points, float[] destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var copy = points.ToArray();
        if (_single != null) _single.ReadHidden(layer, copy, destination); else _double!.ReadHidden(layer, copy, destination);
    }

    internal CpuEnsemble<float>? Single => _single;
    internal CpuEnsemble<double>? Double => _double;

    /// <summary>Steps taken between cancellation checks (members run a whole chunk each, in cache).</summary>
    internal const int CancelChunk = 32;

    public void Advance(long steps, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        while (steps > 0)
        {
            cancel.ThrowIfCancellationRequested();
            int chunk = (int)Math.Min(steps, cancel.CanBeCanceled ? CancelChunk : int.MaxValue);
            if (_single != null) _single.Advance(_step, chunk); else _double!.Advance(_step, chunk);
            _step += chunk;
            steps -= chunk;
        }
    }

    public void ReadOutputs(double[] destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_single != null) _single.ReadOutputs(destination); else _double!.ReadOutputs(destination);
    }

    public EnsembleState ExportState() => new()
    {
        Step = _step,
        Weights = _single != null ? _single.Export() : _double!.Export(),
    };

    public void ImportState(EnsembleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Step < 0) throw new ArgumentOutOfRangeException(nameof(state), state.Step, "step must be >= 0");
        if (_single != null) _single.Import(state.Weights); else _double!.Import(state.Weights);
        _step = state.Step;
    }

    public void Dispose() { _single?.Dispose(); _double?.Dispose(); }
}
