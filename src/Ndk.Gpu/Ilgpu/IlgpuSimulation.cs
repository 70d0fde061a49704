using ILGPU;
using ILGPU.Runtime;
using Ndk.Gpu.Ilgpu.Kernels;

namespace Ndk.Gpu.Ilgpu;

/// <summary>
/// One float32 ensemble on an ILGPU accelerator. Each launch covers the whole ensemble (member on the last
/// grid dimension). A step is 3L + 2 launches: L forward products over the P training points, the readout
/// (f and r = f - y), the output delta, the readout's fused update, then for l = L..1 the backward product
/// (delta^{l-1} from delta^l and the not yet updated W^l) and the fused gradient-and-update of W^l.
/// The noise of step k (0-based: the step from t = k dt to (k+1) dt) is Normal4(seed, LangevinStream, unit, k, block).
/// </summary>
public sealed class IlgpuSimulation : IEnsembleSimulation
{
    readonly Accelerator _accelerator;
    readonly IlgpuKernelSet _k;
    readonly IlgpuLayout _layout;
    readonly MemoryBuffer1D<float, Stride1D.Dense> _w, _x, _y, _h, _phi, _r, _f;
    readonly UpdateCoefficients _hidden0;
    readonly float _sigma0;
    bool _disposed;

    public SimulationSetup Setup { get; }
    public long Step { get; private set; }

    internal IlgpuSimulation(Accelerator accelerator, IlgpuKernelSet kernels, SimulationSetup setup, IlgpuLayout layout)
    {
        _accelerator = accelerator;
        _k = kernels;
        _layout = layout;
        Setup = setup;
        var dyn = setup.Dynamics;
        _hidden0 = new UpdateCoefficients { Decay = (float)dyn.Decay, Dt = (float)dyn.Dt, NoiseScale = (float)dyn.NoiseScale };
        _sigma0 = (float)Math.Sqrt(dyn.Sigma02);

        var buffers = new List<MemoryBuffer1D<float, Stride1D.Dense>>();
        try
        {
            _w = Allocate(buffers, layout.WeightLength);
            _x = Allocate(buffers, layout.InputLength);
            _y = Allocate(buffers, layout.LabelLength);
            _h = Allocate(buffers, layout.ActivationLength);
            _phi = Allocate(buffers, layout.ActivationLength);
            _r = Allocate(buffers, layout.ResidualLength);
            _f = Allocate(buffers, layout.OutputLength);

            var inputs = new float[layout.InputLength];
            setup.TrainInputs.CopyTo(inputs, 0);
            setup.ProbeInputs.CopyTo(inputs, setup.TrainInputs.Length);
            _x.View.CopyFromCPU(inputs);
            _y.View.CopyFromCPU(setup.TrainLabels);
            Initialise();
            _accelerator.Synchronize();
        }
        catch
        {
            foreach (var b in buffers) b.Dispose();
            throw;
        }
    }

    MemoryBuffer1D<float, Stride1D.Dense> Allocate(List<MemoryBuffer1D<float, Stride1D.Dense>> all, long length)
    {
        var buffer = _accelerator.Allocate1D<float>(length);
        all.Add(buffer);
        return buffer;
    }

    KernelDims Dims(int m, int n, int k) => new()
    {
        M = m, N = n, K = k,
        Activation = (int)Setup.Network.Activation,
        FirstMember = Setup.Ensemble.FirstMember,
        Antithetic = Setup.Ensemble.Antithetic ? 1 : 0,
    };

    int E => _layout.Members;
    int N => _layout.Width;
    int P => _layout.TrainCount;
    float InvSqrtWidth => 1f / MathF.Sqrt(N);

    void Initialise()
    {
        var o = new KernelOffsets { WStride = _layout.ParamsPerMember, WOffset = _layout.ReadoutOffset };
        int blocks = (int)((_layout.ParamsPerMember + 3) / 4);
        _k.Init(new Index2D(blocks, E), _w.View, Dims(0, 0, 0), o, Setup.Ensemble.Seed, _sigma0);
    }

    /// <summary>Forward through the hidden layers for points [start, start + count), count &lt;= P.</summary>
    void ForwardHidden(int start, int count)
    {
        for (int l = 1; l <= _layout.Depth; l++)
        {
            int fanIn = _layout.FanIn(l);
            var o = new KernelOffsets
            {
                WStride = _layout.ParamsPerMember, WOffset = _layout.LayerOffset(l),
                XBase = l == 1 ? (long)start * _layout.InputDim : _layout.Slot(l - 1),
                XStride = l == 1 ? 0 : _layout.SlotMemberStride,
                YBase = _layout.Slot(l), YStride = _layout.SlotMemberStride,
            };
            var input = l == 1 ? _x.View : _phi.View;
            _k.Forward(_k.TiledConfig(count, N, E), _w.View, input, _h.View, _phi.View,
                Dims(count, N, fanIn), o, 1f / MathF.Sqrt(fanIn));
        }
    }

    void Readout(int count, bool training, int start)
    {
        var o = new KernelOffsets
        {
            WStride = _layout.ParamsPerMember, WOffset = _layout.ReadoutOffset,
            XBase = _layout.Slot(_layout.Depth), XStride = _layout.SlotMemberStride,
            YBase = training ? 0 : start, YStride = training ? P : _layout.PointCount,
        };
        _k.Readout(_k.ReadoutConfig(count, E), _w.View, _phi.View, _y.View, training ? _r.View : _f.View,
            Dims(count, N, training ? 1 : 0), o, InvSqrtWidth);
    }

    void TakeStep(IlgpuProfile? profile = null)
    {
        int depth = _layout.Depth;
        long pm = _layout.ParamsPerMember;
        long slotStride = _layout.SlotMemberStride;
        ForwardHidden(0, P);
        profile?.Mark(_accelerator, IlgpuProfile.Forward);
        Readout(P, training: true, 0);

        var readout = new KernelOffsets
        {
            WStride = pm, WOffset = _layout.ReadoutOffset,
            XBase = _layout.Slot(depth), XStride = slotStride, YStride = P,
        };
        _k.OutputDelta(new Index2D(P * N, E), _w.View, _h.View, _r.View, Dims(P, N, 0), readout, InvSqrtWidth);
        var ua = _hidden0;
        ua.GradScale = InvSqrtWidth;
        // A frozen readout is not updated at all; the other weights' noise is keyed by parameter index, so it is unchanged.
        if (Phase == TrainingPhase.All)
            _k.ReadoutUpdate(new Index2D((N + 3) / 4, E), _w.View, _phi.View, _r.View, Dims(P, N, 0), readout, ua,
                Setup.Ensemble.Seed, Step);
        profile?.Mark(_accelerator, IlgpuProfile.Readout);

        for (int l = depth; l >= 1; l--)
        {
            if (l > 1)
            {
                var ob = new KernelOffsets
                {
                    WStride = pm, WOffset = _layout.LayerOffset(l),
                    XBase = _layout.Slot(l), XStride = slotStride,
                    YBase = _layout.Slot(l - 1), YStride = slotStride,
                };
                _k.Backward(_k.TiledConfig(P, N, E), _w.View, _h.View, Dims(P, N, N), ob, InvSqrtWidth);
                profile?.Mark(_accelerator, IlgpuProfile.Backward);
            }
            int fanIn = _layout.FanIn(l);
            var ou = new KernelOffsets
            {
                WStride = pm, WOffset = _layout.LayerOffset(l),
                XBase = _layout.Slot(l), XStride = slotStride,
                YBase = l == 1 ? 0 : _layout.Slot(l - 1), YStride = l == 1 ? 0 : slotStride,
            };
            var u = _hidden0;
            // GradScale 0 drops the data gradient exactly (0 * finite sum): prior (OU) dynamics only.
            u.GradScale = Phase == TrainingPhase.FrozenReadout ? 0f : 1f / MathF.Sqrt(fanIn);
            _k.Update(_k.TiledConfig(N, fanIn, E), _w.View, _h.View, l == 1 ? _x.View : _phi.View,
                Dims(N, fanIn, P), ou, u, Setup.Ensemble.Seed, Step);
            profile?.Mark(_accelerator, IlgpuProfile.Update);
        }
        Step++;
    }

    /// <summary>
    /// Takes <paramref name="steps"/> steps (they count: Step advances), synchronising after each phase to
    /// time it; the phases' FLOP and byte counts give achieved rates. For benchmarks only: the
    /// synchronisations cost a little throughput.
    /// </summary>
    public IlgpuProfile Profile(int steps)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var profile = new IlgpuProfile(_layout, steps);
        _accelerator.Synchronize();
        profile.Start();
        for (int s = 0; s < steps; s++) TakeStep(profile);
        return profile;
    }

    public void Advance(long steps, CancellationToken cancel = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        for (long s = 0; s < steps; s++)
        {
            cancel.ThrowIfCancellationRequested();
            TakeStep();
            // Bound the queue so that cancellation acts within a few hundred steps.
            if ((s & 255) == 255) _accelerator.Synchronize();
        }
        _accelerator.Synchronize();
    }

    public void ReadOutputs(double[] destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Length != _layout.OutputLength)
            throw new ArgumentException($"destination has {destination.Length} values; expected E*points = {_layout.OutputLength}");
        for (int start = 0; start < _layout.PointCount; start += P)
        {
            int count = Math.Min(P, _layout.PointCount - start);
            ForwardHidden(start, count);
            Readout(count, training: false, start);
        }
        var f = _f.GetAsArray1D();
        for (long i = 0; i < f.LongLength; i++) destination[i] = f[i];
    }

    public TrainingPhase Phase
    {
        get => _phase;
        set
        {
            if (!Enum.IsDefined(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "not a training phase");
            _phase = value;
        }
    }
    TrainingPhase _phase;

    public void ReadHidden(int layer, ReadOnlySpan<int> points, float[] destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(destination);
        if (layer < 1 || layer > _layout.Depth) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"a hidden layer 1..{_layout.Depth}");
        long need = (long)E * points.Length * N;
        if (destination.LongLength < need) throw new ArgumentException($"destination has {destination.LongLength} values; need {need}");
        foreach (int i in points)
            if (i < 0 || i >= _layout.PointCount) throw new ArgumentOutOfRangeException(nameof(points), i, $"a point index 0..{_layout.PointCount - 1}");
        // Runs of consecutive point indices (at most P, the activation buffers' capacity) go through the
        // hidden layers together; the layer's slot comes back and its rows are scattered per member.
        for (int k = 0; k < points.Length;)
        {
            int start = points[k], count = 1;
            while (k + count < points.Length && count < P && points[k + count] == start + count) count++;
            ForwardHidden(start, count);
            var slot = _phi.View.SubView(_layout.Slot(layer), _layout.SlotLength).GetAsArray1D();
            for (int m = 0; m < E; m++)
                for (int q = 0; q < count; q++)
                    Array.Copy(slot, m * _layout.SlotMemberStride + (long)q * N, destination, ((long)m * points.Length + k + q) * N, N);
            k += count;
        }
    }

    public EnsembleState ExportState()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var w = _w.GetAsArray1D();
        var weights = new double[w.LongLength];
        for (long i = 0; i < w.LongLength; i++) weights[i] = w[i];
        return new EnsembleState { Step = Step, Weights = weights };
    }

    public void ImportState(EnsembleState state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Weights.LongLength != _layout.WeightLength)
            throw new ArgumentException($"state has {state.Weights.LongLength} weights; this ensemble has {_layout.WeightLength}");
        if (state.Step < 0) throw new ArgumentOutOfRangeException(nameof(state), state.Step, "step must be >= 0");
        var w = new float[state.Weights.LongLength];
        for (long i = 0; i < w.LongLength; i++) w[i] = (float)state.Weights[i];
        _w.View.CopyFromCPU(w);
        _accelerator.Synchronize();
        Step = state.Step;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _w.Dispose(); _x.Dispose(); _y.Dispose(); _h.Dispose(); _phi.Dispose(); _r.Dispose(); _f.Dispose();
    }
}
