namespace Ndk.Host.Theory;

/// <summary>
/// The mean predictor after the readout is frozen at t0 and the hidden weights follow the prior (OU)
/// dynamics alone (MODEL.md section 7), for t &gt;= t0:
/// <code>
///   &lt;f(x,t)&gt; = int_0^t0 dt' Kfrozen(t,t') (Y - &lt;f_train(t')&gt;)
///   Kfrozen  = exp(-gamma (t0 - t')) K^L(t,t',x,X) + exp(-gamma (t - t')) m(t0,t') Kdot^L(t,t',x,X) Ktilde^{L-1}(t,t',x,X)
/// </code>
/// The first term is the readout's learned part, which stopped decaying at t0; the second the hidden
/// weights' learned part, which keeps decaying under OU, read by the readout's prior part a(t0), correlated
/// with a(t') by m(t0,t'). At t = t0 Kfrozen is the NDK. The training residual comes from the Volterra
/// solution (<see cref="NdkTheory"/>) on [0, t0].
/// </summary>
public sealed class FrozenReadoutPredictor
{
    readonly TheorySpec _s;
    readonly double[][] _trainX;
    readonly double _t0;
    readonly TimeGrid _grid;
    readonly double[][] _residual;
    readonly DiagonalTrack _train;

    /// <summary>Solves the training dynamics on [0, t0] once; every prediction after t0 reuses its residual.</summary>
    public FrozenReadoutPredictor(TheorySpec s, double[][] trainX, double[] trainY, double t0, TheoryOptions? options = null, CancellationToken cancel = default)
    {
        if (!(t0 > 0) || double.IsInfinity(t0)) throw new ArgumentException($"the freeze time t0 must be positive and finite (got {t0})");
        s.Validate();
        var o = (options ?? new TheoryOptions()) with { ComputeVariance = false, TMax = t0 };
        _s = s;
        _trainX = trainX;
        _t0 = t0;
        _grid = NdkTheory.BuildGrid(s, trainX, [t0], o, o.StepScale);
        var train = NdkTheory.Predict(s, trainX, trainY, [], _grid.Times, o, cancel).TrainMean;
        _residual = train.Select(f => trainY.Select((y, b) => y - f[b]).ToArray()).ToArray();
        _train = new DiagonalTrack(s, InputGram.Diagonal(trainX), _grid.Times);
    }

    /// <summary>&lt;f(x,t)&gt; as [time][point] for each time t &gt;= t0.</summary>
    public double[][] Predict(double[][] points, double[] times, CancellationToken cancel = default)
    {
        if (times.Any(t => !(t >= _t0))) throw new ArgumentException($"the frozen-readout predictor needs t >= t0 = {_t0}");
        var s = _s;
        int last = _grid.Count - 1, p = _trainX.Length;
        var k0 = InputGram.Cross(points, _trainX);
        var rows = new DiagonalTrack(s, InputGram.Diagonal(points), times);
        var result = new double[times.Length][];
        for (int r = 0; r < times.Length; r++)
        {
            double t = times[r];
            int rr = r;
            var f = result[r] = new double[points.Length];
            Parallel.For(0, points.Length, new ParallelOptions { CancellationToken = cancel }, x =>
            {
                var rowF = rows.RowFactors(rr, x);
                var kt = new double[p];
                var cov = new double[p];
                double sum = 0;
                for (int k = 0; k <= last; k++)
                {
                    double tk = _grid.Times[k], m12 = PriorCorrelation.M(s, t, tk);
                    // m(t, 0) = 0 only when sigma0 = 0: the t' = 0 weights are zero, so both terms vanish.
                    if (m12 == 0) continue;
                    KernelRows.Row(s.Activation, k0[x], rowF, _train.Factor[k], m12, 1.0, kt, cov);
                    if (t == tk) KernelRows.FixDiagonal(k0[x], rows.K0[x], _train.K0, rows.Ndk[rr][x], rows.Cov[rr][x], kt, cov);
                    // Row gives Ktilde^L and m12 K^L; m12 Kdot^L Ktilde^{L-1} = Ktilde^L - K^L.
                    double readout = Math.Exp(-s.Gamma * (_t0 - tk)), hidden = Math.Exp(-s.Gamma * (t - tk)) * PriorCorrelation.M(s, _t0, tk) / m12;
                    double dot = 0;
                    for (int b = 0; b < p; b++)
                    {
                        double kl = cov[b] / m12;
                        dot += (readout * kl + hidden * (kt[b] - kl)) * _residual[k][b];
                    }
                    sum += _grid.Weight(last, k) * dot;
                }
                f[x] = sum;
            });
        }
        return result;
    }

    /// <summary>
    /// t -&gt; infinity: the hidden weights forget t' &lt; t0, so only K_mean^L(x,x') = E[phi(h^L(x))] E[phi(h^L(x'))]
    /// of the first term survives: f(x) = mu(x, inf) int_0^t0 dt' exp(-gamma (t0 - t')) mu(X, t') . (Y - f_train(t')),
    /// mu(x,t) = E[phi(u)], u ~ N(0, m(t,t) K^{L-1}(t,t,x,x)). relu: mu = sqrt(q / 2 pi), proportional to |x|
    /// (an input-norm code); erf and linear: mu = 0, nothing survives.
    /// </summary>
    public double[] LongTimeLimit(double[][] points)
    {
        if (_s.Activation != Ndk.Gpu.Activation.Relu) return new double[points.Length];
        int depth = _s.Depth;
        double integral = 0;
        for (int k = 0; k < _grid.Count; k++)
        {
            double dot = 0;
            for (int b = 0; b < _trainX.Length; b++) dot += ReluMean(_train.Factor[k][depth - 1][b]) * _residual[k][b];
            integral += _grid.Weight(_grid.Count - 1, k) * Math.Exp(-_s.Gamma * (_t0 - _grid.Times[k])) * dot;
        }
        // t = infinity is the stationary prior: every weight variance sigma^2.
        var late = new DiagonalTrack(_s with { Sigma02 = _s.Sigma2 }, InputGram.Diagonal(points), [0.0]);
        return Enumerable.Range(0, points.Length).Select(x => ReluMean(late.Factor[0][depth - 1][x]) * integral).ToArray();
    }

    /// <summary>E[relu(u)] = sqrt(q / (2 pi)) from the relu layer factor sqrt(q).</summary>
    static double ReluMean(double sqrtQ) => sqrtQ / Math.Sqrt(2 * Math.PI);
}
