using System.Numerics;
using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Cpu;

/// <summary>
/// The weights of an ensemble in one precision and the per-member step: initialisation, Langevin steps,
/// readouts. Members are independent, so workers take whole members (all steps of a chunk each, the
/// member's weights staying in cache) and no synchronisation is needed inside a chunk. With fewer members
/// than threads the rows of every product and update are split between the threads instead
/// (a barrier between the phases of a step).
/// </summary>
internal sealed class CpuEnsemble<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly SimulationSetup _setup;
    readonly CpuLayout _layout;
    readonly T[][] _weights;
    readonly T[] _trainT;      // N0 x TrainColumns, zero padding columns
    readonly T[] _train;       // P x N0 (point-major, for the first layer's gradient)
    readonly CpuScratch<T>[] _scratch;
    readonly CpuScratch<T>[] _mirrorScratch;   // member-parallel antithetic runs: the odd member's passes
    readonly UpdateContext<T> _template;
    readonly int _threads;        // member-parallel workers: min(threads, E)
    readonly int _rowWorkers;     // > 1: row-parallel mode (E < threads)
    readonly Barrier? _barrier;
    Exception? _rowFailure;
    readonly ParallelOptions _options;
    readonly Action<int> _stepWorker, _readWorker;
    // State of the current parallel job (fields so that the cached worker delegates allocate nothing).
    int _nextMember;
    long _jobStep;
    int _jobSteps;
    double[]? _jobDestination;

    public const int NoiseRows = 32;

    public CpuEnsemble(SimulationSetup setup, int threads)
    {
        _setup = setup;
        _layout = new CpuLayout(setup.Network, setup.TrainCount);
        int e = setup.Ensemble.Size;
        _threads = Math.Max(1, Math.Min(threads, e));
        _rowWorkers = RowWorkers(setup, threads);
        if (_rowWorkers > 1) _barrier = new Barrier(_rowWorkers);
        _options = new ParallelOptions { MaxDegreeOfParallelism = _threads };
        int n0 = _layout.InputDim, c = _layout.TrainColumns, p = _layout.TrainCount;
        _trainT = new T[n0 * c];
        _train = new T[p * _layout.PointMajorStride(0)];
        for (int mu = 0; mu < p; mu++)
            for (int j = 0; j < n0; j++)
            {
                T x = T.CreateChecked(setup.TrainInputs[mu * n0 + j]);
                _train[mu * _layout.PointMajorStride(0) + j] = x;
                _trainT[j * c + mu] = x;
            }
        _scratch = new CpuScratch<T>[Math.Max(_threads, _rowWorkers)];
        for (int t = 0; t < _scratch.Length; t++) _scratch[t] = new CpuScratch<T>(_layout, c, NoiseRows);
        _mirrorScratch = new CpuScratch<T>[SteppedInPairs(setup, threads) ? _threads : 0];
        for (int t = 0; t < _mirrorScratch.Length; t++) _mirrorScratch[t] = new CpuScratch<T>(_layout, c, NoiseRows);
        _weights = new T[e][];
        for (int m = 0; m < e; m++) _weights[m] = new T[_layout.ParameterCount];
        var d = setup.Dynamics;
        _template = new UpdateContext<T>
        {
            Decay = T.CreateChecked(d.Decay), Dt = T.CreateChecked(d.Dt), NoiseScale = T.CreateChecked(d.NoiseScale),
            Seed = setup.Ensemble.Seed, Unit = 0, Step = 0, MirrorReadout = false, DataGradient = true,
        };
        _stepWorker = StepWorker;
        _readWorker = ReadWorker;
        Initialise();
    }

    public CpuLayout Layout => _layout;
    public int Threads => Math.Max(_threads, _rowWorkers);

    /// <summary>Row-parallel workers: the thread count when it exceeds the ensemble (at least 4 rows each), else 1.</summary>
    static int RowWorkers(SimulationSetup setup, int threads)
    {
        if (threads <= setup.Ensemble.Size) return 1;
        return Math.Max(1, Math.Min(threads, setup.Network.Width / BlockedMatrixProduct.TileRows));
    }
    /// <summary>
    /// Antithetic pairs in member-parallel mode are stepped together: their hidden weights draw the same
    /// noise, which is then generated once for both. (Local pairs are whole: EnsembleSpec keeps
    /// FirstMember and Size even.)
    /// </summary>
    static bool SteppedInPairs(SimulationSetup setup, int threads) => setup.Ensemble.Antithetic && RowWorkers(setup, threads) == 1;

    /// <summary>False: antithetic pairs are stepped one member at a time (tests: the pair path must equal it).</summary>
    internal bool PairNoise { get; set; } = true;

    /// <summary>False: the data gradient is switched off and every weight follows the prior (OU) dynamics.</summary>
    public bool DataGradient { get; set; } = true;
    /// <summary>True: the readout a is not updated at all (no gradient, decay or noise), MODEL.md section 7.</summary>
    public bool FrozenReadout { get; set; }

    public static long EstimateBytes(SimulationSetup setup, int threads)
    {
        var layout = new CpuLayout(setup.Network, setup.TrainCount);
        long s = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int t = Math.Max(Math.Max(1, Math.Min(threads, setup.Ensemble.Size)), RowWorkers(setup, threads));
        if (SteppedInPairs(setup, threads)) t += Math.Max(1, Math.Min(threads, setup.Ensemble.Size));
        long weights = (long)setup.Ensemble.Size * layout.ParameterCount * s;
        long inputs = ((long)layout.InputDim * layout.TrainColumns + (long)layout.TrainCount * layout.PointMajorStride(0)) * s;
        long initNoise = 4L * CpuLayout.RoundUp(layout.ParameterCount, 4);   // transient, while initialising
        return weights + inputs + initNoise + t * CpuScratch<T>.Bytes(layout, layout.TrainColumns, NoiseRows);
    }

    int GlobalMember(int local) => _setup.Ensemble.FirstMember + local;

    uint NoiseUnit(int local)
    {
        int g = GlobalMember(local);
        return (uint)(_setup.Ensemble.Antithetic ? g / 2 : g);
    }

    bool Mirrored(int local) => _setup.Ensemble.Antithetic && (GlobalMember(local) & 1) == 1;

    void Initialise()
    {
        var noise = new float[CpuLayout.RoundUp(_layout.ParameterCount, 4)];
        double sigma0 = Math.Sqrt(_setup.Dynamics.Sigma02);
        for (int m = 0; m < _weights.Length; m++)
        {
            GaussianNoiseSimd.Fill(_setup.Ensemble.Seed, GaussianNoise.InitStream, NoiseUnit(m), 0, 0, noise);
            var w = _weights[m];
            T s0 = typeof(T) == typeof(float) ? T.CreateChecked((float)sigma0) : T.CreateChecked(sigma0);
            for (int i = 0; i < w.Length; i++) w[i] = s0 * T.CreateChecked(noise[i]);
            if (Mirrored(m))
                for (int i = _layout.ReadoutOffset; i < w.Length; i++) w[i] = -w[i];
        }
    }

    /// <summary>Takes steps [step, step + steps) for every member.</summary>
    public void Advance(long step, int steps)
    {
        _jobStep = step; _jobSteps = steps; _nextMember = 0;
        if (_rowWorkers > 1) { AdvanceRows(); return; }
        if (_threads == 1) StepWorker(0);
        else Parallel.For(0, _threads, _options, _stepWorker);
    }

    void StepWorker(int worker)
    {
        var scratch = _scratch[worker];
        int m;
        if (_mirrorScratch.Length > 0 && PairNoise)
        {
            var mirror = _mirrorScratch[worker];
            while ((m = 2 * (Interlocked.Increment(ref _nextMember) - 1)) < _weights.Length)
                for (int s = 0; s < _jobSteps; s++) StepMember(m, _jobStep + s, scratch, mirror);
            return;
        }
        while ((m = Interlocked.Increment(ref _nextMember) - 1) < _weights.Length)
            for (int s = 0; s < _jobSteps; s++) StepMember(m, _jobStep + s, scratch);
    }

    /// <summary>
    /// One Langevin step of member m or, given a <paramref name="mirror"/> scratch, of the antithetic pair
    /// (m, m + 1), m even: the same arithmetic for each member as stepping it alone, with each batch of
    /// noise generated once for both.
    /// </summary>
    internal void StepMember(int m, long step, CpuScratch<T> scratch, CpuScratch<T>? mirror = null)
    {
        T[] w = _weights[m], wb = mirror != null ? _weights[m + 1] : [];
        var ctx = _template with
        {
            Unit = NoiseUnit(m), Step = step, MirrorReadout = Mirrored(m), DataGradient = DataGradient,
        };
        if (ctx.DataGradient)
        {
            Passes(w, scratch);
            if (mirror != null) Passes(wb, mirror);
        }
        for (int l = _layout.Depth - 1; l >= 0; l--)
            LangevinUpdate.Layer<T>(_layout, l, w, BelowT(l, scratch), ctx, scratch, wb, mirror == null ? default : BelowT(l, mirror), mirror);
        // Noise is keyed by parameter index, so skipping a's leaves every other weight's noise unchanged.
        if (!FrozenReadout) LangevinUpdate.Readout<T>(_layout, w, ctx, scratch, wb, mirror);
    }

    /// <summary>Forward and backward pass of one member on the training points, into its scratch.</summary>
    void Passes(T[] w, CpuScratch<T> scratch)
    {
        CpuForwardPass.Run<T>(_layout, w, _trainT, _layout.TrainColumns, scratch, transposed: true);
        CpuBackwardPass.Run<T>(_layout, w, _setup.TrainLabels, scratch);
    }

    /// <summary>The inputs of 0-based layer l, point-major: the training points, or phi of the layer below.</summary>
    T[] BelowT(int l, CpuScratch<T> scratch) => l == 0 ? _train : scratch.ActT[l - 1];

    void AdvanceRows()
    {
        _rowFailure = null;
        var others = new Thread[_rowWorkers - 1];
        for (int t = 1; t < _rowWorkers; t++)
        {
            int worker = t;
            others[t - 1] = new Thread(() => RowWorker(worker)) { IsBackground = true, Name = "ndk-cpu-rows" };
            others[t - 1].Start();
        }
        RowWorker(0);
        foreach (var th in others) th.Join();
        if (_rowFailure != null) throw new AggregateException("a CPU row worker failed", _rowFailure);
    }

    void RowWorker(int worker)
    {
        try
        {
            for (int m = 0; m < _weights.Length; m++)
                for (int s = 0; s < _jobSteps; s++) StepMemberRows(m, _jobStep + s, worker);
        }
        catch (Exception ex)
        {
            _rowFailure ??= ex;
            _barrier!.RemoveParticipant();
        }
    }

    /// <summary>One step of one member, this worker's rows of every phase (row-parallel mode).</summary>
    internal void StepMemberRows(int m, long step, int worker)
    {
        var w = _weights[m];
        var ctx = _template with
        {
            Unit = NoiseUnit(m), Step = step, MirrorReadout = Mirrored(m), DataGradient = DataGradient,
        };
        var shared = _scratch[0];
        var own = _scratch[worker];
        var barrier = _barrier!;
        int n = _layout.Width, c = _layout.TrainColumns, L = _layout.Depth;
        int chunk = CpuLayout.RoundUp((n + _rowWorkers - 1) / _rowWorkers, BlockedMatrixProduct.TileRows);
        int r0 = Math.Min(n, worker * chunk), r1 = Math.Min(n, r0 + chunk);
        if (ctx.DataGradient)
        {
            for (int l = 0; l < L; l++)
            {
                CpuForwardPass.LayerRows<T>(_layout, l, w, l == 0 ? _trainT : shared.Act[l - 1], c, shared, true, r0, r1);
                barrier.SignalAndWait();
            }
            if (worker == 0) CpuForwardPass.Readout<T>(_layout, w, c, shared);
            barrier.SignalAndWait();
            CpuBackwardPass.Residual<T>(_layout, _setup.TrainLabels, shared, own.Residual);
            CpuBackwardPass.ReadoutRows<T>(_layout, w, shared, own.Residual, r0, r1);
            for (int l = L - 1; l >= 1; l--)
            {
                barrier.SignalAndWait();
                CpuBackwardPass.HiddenRows<T>(_layout, l, w, shared, r0, r1);
            }
            barrier.SignalAndWait();   // every product has read the old weights
        }
        for (int l = L - 1; l >= 0; l--)
            LangevinUpdate.LayerRows<T>(_layout, l, w, BelowT(l, shared), ctx, shared, own.Noise, r0, r1);
        if (worker == 0) LangevinUpdate.Readout<T>(_layout, w, ctx, shared);
        barrier.SignalAndWait();
    }

    public void ReadOutputs(double[] destination)
    {
        int need = _weights.Length * _setup.PointCount;
        if (destination.Length < need) throw new ArgumentException($"destination has {destination.Length} values; need {need}");
        _jobDestination = destination; _nextMember = 0;
        if (_threads == 1) ReadWorker(0);
        else Parallel.For(0, _threads, _options, _readWorker);
        _jobDestination = null;
    }

    void ReadWorker(int worker)
    {
        var scratch = _scratch[worker];
        var dest = _jobDestination!;
        int pc = _setup.PointCount, p = _layout.TrainCount, n0 = _layout.InputDim, cap = scratch.Columns;
        int m;
        while ((m = Interlocked.Increment(ref _nextMember) - 1) < _weights.Length)
        {
            var w = _weights[m];
            CpuForwardPass.Run<T>(_layout, w, _trainT, _layout.TrainColumns, scratch, transposed: false);
            for (int mu = 0; mu < p; mu++) dest[m * pc + mu] = double.CreateChecked(scratch.Output[mu]);
            var probes = _setup.ProbeInputs;
            for (int q0 = 0; q0 < _setup.ProbeCount; q0 += cap)
            {
                int count = Math.Min(cap, _setup.ProbeCount - q0);
                int cols = CpuLayout.RoundUp(count, CpuLayout.ColumnAlign);
                var xt = scratch.InputT;
                Array.Clear(xt, 0, n0 * cols);
                for (int q = 0; q < count; q++)
                    for (int j = 0; j < n0; j++) xt[j * cols + q] = T.CreateChecked(probes[(q0 + q) * n0 + j]);
                CpuForwardPass.Run<T>(_layout, w, xt, cols, scratch, transposed: false);
                for (int q = 0; q < count; q++) dest[m * pc + p + q0 + q] = double.CreateChecked(scratch.Output[q]);
            }
        }
    }

    /// <summary>
    /// phi(h^layer) (layer 1..L) of the given points (train then probes) for every member:
    /// destination[((long)member * points.Length + k) * Width + unit].
    /// </summary>
    public void ReadHidden(int layer, int[] points, float[] destination)
    {
        int n = _layout.Width, n0 = _layout.InputDim, p = _layout.TrainCount;
        if (layer < 1 || layer > _layout.Depth) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"a hidden layer 1..{_layout.Depth}");
        foreach (int i in points)
            if (i < 0 || i >= _setup.PointCount) throw new ArgumentOutOfRangeException(nameof(points), i, $"a point index 0..{_setup.PointCount - 1}");
        long need = (long)_weights.Length * points.Length * n;
        if (destination.LongLength < need) throw new ArgumentException($"destination has {destination.LongLength} values; need {need}");
        int next = 0;
        Parallel.For(0, _threads, _options, worker =>
        {
            var scratch = _scratch[worker];
            int cap = scratch.Columns, m;
            while ((m = Interlocked.Increment(ref next) - 1) < _weights.Length)
                for (int k0 = 0; k0 < points.Length; k0 += cap)
                {
                    int count = Math.Min(cap, points.Length - k0), cols = CpuLayout.RoundUp(count, CpuLayout.ColumnAlign);
                    var xt = scratch.InputT;
                    Array.Clear(xt, 0, n0 * cols);
                    for (int q = 0; q < count; q++)
                    {
                        int i = points[k0 + q];
                        var x = i < p ? _setup.TrainInputs.AsSpan(i * n0, n0) : _setup.ProbeInputs.AsSpan((i - p) * n0, n0);
                        for (int j = 0; j < n0; j++) xt[j * cols + q] = T.CreateChecked(x[j]);
                    }
                    CpuForwardPass.Run<T>(_layout, _weights[m], xt, cols, scratch, transposed: false);
                    var act = scratch.Act[layer - 1];
                    for (int q = 0; q < count; q++)
                    {
                        long dst = ((long)m * points.Length + k0 + q) * n;
                        for (int u = 0; u < n; u++) destination[dst + u] = float.CreateChecked(act[u * cols + q]);
                    }
                }
        });
    }

    public double[] Export()
    {
        int pc = _layout.ParameterCount;
        var all = new double[(long)_weights.Length * pc];
        for (int m = 0; m < _weights.Length; m++)
            for (int i = 0; i < pc; i++) all[(long)m * pc + i] = double.CreateChecked(_weights[m][i]);
        return all;
    }

    public void Import(double[] all)
    {
        int pc = _layout.ParameterCount;
        if (all.LongLength != (long)_weights.Length * pc)
            throw new ArgumentException($"state has {all.LongLength} weights; this setup has {(long)_weights.Length * pc}");
        for (int m = 0; m < _weights.Length; m++)
            for (int i = 0; i < pc; i++) _weights[m][i] = T.CreateChecked(all[(long)m * pc + i]);
    }

    public void Dispose() => _barrier?.Dispose();

    /// <summary>Direct access to one member's weights (tests).</summary>
    internal T[] MemberWeights(int m) => _weights[m];
}
