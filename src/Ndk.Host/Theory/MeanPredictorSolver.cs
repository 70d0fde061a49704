using MathNet.Numerics.LinearAlgebra;

namespace Ndk.Host.Theory;

/// <summary>The mean predictor at the record times, per nested grid level: [level][record][point]; and its kernel pair evaluations.</summary>
internal sealed record MeanSolution(double[][][] TrainAtRecords, double[][][] TestAtRecords, long PairEvaluations);

/// <summary>
/// The mean predictor of MODEL.md section 5. The training equation
/// f_i = sum_{k &lt;= i} w_ik NDK(t_i, t_k, X, X) (Y - f_k) is solved forward in time with the trapezoid rule,
/// (I + w_ii K_ii) f_i = sum_{k&lt;i} w_ik K_ik (Y - f_k) + w_ii K_ii Y, then each test point by the same
/// quadrature at the record times only. It is solved at once on up to three nested grids (the finest and
/// every 2nd, 4th point of it, for Richardson extrapolation): each kernel row is evaluated once, on the
/// finest grid, and contracted with every level's residual. Kernels are never stored, so memory is O(n P)
/// (grid times n, training points P). Without <see cref="HistoryPanels"/> the cost is n^2 P^2 / 2 pair
/// evaluations for training and sum_records(i_r) P Q for the test points, each L layers deep; the panels
/// replace the far history of each step by about 9 kernel rows per sigma^2/T of elapsed time.
/// </summary>
internal static class MeanPredictorSolver
{
    /// <param name="levels">levels[0] the finest grid, levels[g] every 2^g-th point of it (at most 3 levels).</param>
    /// <param name="panelDegree">Degree of the far-history interpolation (<see cref="HistoryPanels"/>); 0 evaluates every kernel.</param>
    /// <param name="panelWidth">Widest history panel (time).</param>
    public static MeanSolution Solve(TheorySpec s, double[][] trainX, double[] trainY, double[][] testX, IReadOnlyList<TimeGrid> levels,
        int panelDegree, double panelWidth, CancellationToken cancel)
    {
        if (levels.Count is < 1 or > 3) throw new ArgumentException("one to three grid levels");
        var fine = levels[0];
        int p = trainX.Length, n = fine.Count, depth = levels.Count;
        var k0 = InputGram.Cross(trainX, trainX);
        var k0Diag = InputGram.Diagonal(trainX);
        var track = new DiagonalTrack(s, k0Diag, fine.Times);
        var panels = new HistoryPanels(s, fine, k0Diag, depth, panelDegree, panelWidth);
        var zeros = new double[p];
        // residual[g][k_g] = Y - f at level g's k_g-th time
        var train = new double[depth][][];
        var residual = new double[depth][][];
        for (int g = 0; g < depth; g++)
        {
            train[g] = new double[levels[g].Count][];
            residual[g] = new double[levels[g].Count][];
            train[g][0] = new double[p];
            residual[g][0] = (double[])trainY.Clone();
        }

        for (int i = 1; i < n; i++)
        {
            cancel.ThrowIfCancellationRequested();
            int active = ActiveLevels(i, depth);
            var (m12, decay) = StepScalars(s, fine, i);
            var rhs = new double[active][];
            for (int g = 0; g < active; g++) rhs[g] = new double[p];
            var kii = new double[p][];
            Parallel.For(0, p, new ParallelOptions { CancellationToken = cancel }, a =>
            {
                var rowF = track.RowFactors(i, a);
                var sums = History(s, levels, active, i, k0[a], rowF, track, panels, m12, decay, residual, zeros);
                var row = new double[p];
                KernelRows.Row(s.Activation, k0[a], rowF, track.Factor[i], m12[i], 1.0, row, []);
                KernelRows.FixDiagonal(k0[a], track.K0[a], track.K0, track.Ndk[i][a], 0, row, []);
                double ky = 0;
                for (int b = 0; b < p; b++) ky += row[b] * trainY[b];
                for (int g = 0; g < active; g++) rhs[g][a] = sums[g] + levels[g].Weight(i >> g, i >> g) * ky;
                kii[a] = row;
            });
            for (int g = 0; g < active; g++)
            {
                var f = SolveShifted(kii, levels[g].Weight(i >> g, i >> g), rhs[g]);
                train[g][i >> g] = f;
                residual[g][i >> g] = trainY.Select((y, b) => y - f[b]).ToArray();
            }
            panels.CompleteAt(i, levels, residual);
        }
        var trainAtRecords = new double[depth][][];
        for (int g = 0; g < depth; g++) trainAtRecords[g] = levels[g].RecordIndex.Select(j => train[g][j]).ToArray();
        long pairs = 0;
        for (int i = 1; i < n; i++) pairs += (HistoryRows(panels, i) + 1L) * p * p;
        foreach (int j in fine.RecordIndex.Where(j => j > 0)) pairs += (HistoryRows(panels, j) + 1L) * p * testX.Length;
        return new MeanSolution(trainAtRecords, TestAtRecords(s, trainX, testX, levels, track, panels, residual, zeros, cancel), pairs);
    }

    /// <summary>f(x, t_r) = sum_{k &lt;= r} w_rk NDK(t_r, t_k, x, X) (Y - f_k) at each record time, every level.</summary>
    static double[][][] TestAtRecords(TheorySpec s, double[][] trainX, double[][] testX, IReadOnlyList<TimeGrid> levels, DiagonalTrack trainTrack,
        HistoryPanels panels, double[][][] residual, double[] zeros, CancellationToken cancel)
    {
        var fine = levels[0];
        int p = trainX.Length, q = testX.Length, depth = levels.Count, records = fine.RecordIndex.Length;
        var k0 = InputGram.Cross(testX, trainX);
        var track = new DiagonalTrack(s, InputGram.Diagonal(testX), fine.RecordIndex.Select(j => fine.Times[j]).ToArray());
        var result = new double[depth][][];
        for (int g = 0; g < depth; g++) result[g] = new double[records][];
        for (int r = 0; r < records; r++)
        {
            int j = fine.RecordIndex[r], rr = r;
            for (int g = 0; g < depth; g++) result[g][r] = new double[q];
            if (j == 0) continue;
            var (m12, decay) = StepScalars(s, fine, j);
            Parallel.For(0, q, new ParallelOptions { CancellationToken = cancel }, x =>
            {
                var rowF = track.RowFactors(rr, x);
                var sums = History(s, levels, depth, j, k0[x], rowF, trainTrack, panels, m12, decay, residual, zeros);
                var row = new double[p];
                KernelRows.Row(s.Activation, k0[x], rowF, trainTrack.Factor[j], m12[j], 1.0, row, []);
                KernelRows.FixDiagonal(k0[x], track.K0[x], trainTrack.K0, track.Ndk[rr][x], 0, row, []);
                for (int g = 0; g < depth; g++)
                {
                    var res = residual[g][j >> g];
                    double last = 0;
                    for (int b = 0; b < p; b++) last += row[b] * res[b];
                    result[g][rr][x] = sums[g] + levels[g].Weight(j >> g, j >> g) * last;
                }
            });
        }
        return result;
    }

    /// <summary>
    /// sum_{k &lt; i} w_ik NDK(t_i, t_k, x, X) (Y - f_k) for the first <paramref name="active"/> levels,
    /// level g using the fine times k that are multiples of 2^g; far panels by their moments.
    /// </summary>
    static double[] History(TheorySpec s, IReadOnlyList<TimeGrid> levels, int active, int i, double[] k0Row, double[] rowF, DiagonalTrack cols,
        HistoryPanels panels, double[] m12, double[] decay, double[][][] residual, double[] zeros)
    {
        var sums = new double[active];
        double ti = levels[0].Times[i];
        for (int p = 0; p < panels.Start.Length && panels.Start[p] < i; p++)
        {
            if (panels.IsFar(p, i))
            {
                for (int j = 0; j < panels.Nodes[p].Length; j++)
                {
                    double tau = panels.Nodes[p][j];
                    var d = KernelRows.KtildeDots(s.Activation, k0Row, rowF, panels.NodeTrack.Factor[panels.NodeBase[p] + j], PriorCorrelation.M(s, ti, tau),
                        panels.Moments(p, 0)[j], active > 1 ? panels.Moments(p, 1)[j] : zeros, active > 2 ? panels.Moments(p, 2)[j] : zeros);
                    double dec = Math.Exp(-s.Gamma * (ti - tau));
                    for (int g = 0; g < active; g++) sums[g] += dec * d[g];
                }
                continue;
            }
            for (int k = panels.Start[p]; k <= panels.End[p] && k < i; k++)
            {
                int levelsHere = Math.Min(active, ActiveLevels(k, levels.Count));
                var d = KernelRows.KtildeDots(s.Activation, k0Row, rowF, cols.Factor[k], m12[k], residual[0][k],
                    levelsHere > 1 ? residual[1][k >> 1] : zeros, levelsHere > 2 ? residual[2][k >> 2] : zeros);
                for (int g = 0; g < levelsHere; g++) sums[g] += levels[g].Weight(i >> g, k >> g) * decay[k] * d[g];
            }
        }
        return sums;
    }

    /// <summary>Kernel rows that <see cref="History"/> evaluates at fine index i.</summary>
    static long HistoryRows(HistoryPanels panels, int i)
    {
        long rows = 0;
        for (int p = 0; p < panels.Start.Length && panels.Start[p] < i; p++)
            rows += panels.IsFar(p, i) ? panels.Nodes[p].Length : Math.Min(panels.End[p], i - 1) - panels.Start[p] + 1;
        return rows;
    }

    /// <summary>Levels g &lt; depth on which fine index i is a grid point (i a multiple of 2^g).</summary>
    static int ActiveLevels(int i, int depth)
    {
        int g = 1;
        while (g < depth && i % (1 << g) == 0) g++;
        return g;
    }

    /// <summary>Per k &lt;= i: m(t_i, t_k) and the decay exp(-gamma (t_i - t_k)).</summary>
    static (double[] M12, double[] Decay) StepScalars(TheorySpec s, TimeGrid grid, int i)
    {
        var m = new double[i + 1];
        var d = new double[i + 1];
        double ti = grid.Times[i];
        for (int k = 0; k <= i; k++)
        {
            m[k] = PriorCorrelation.M(s, ti, grid.Times[k]);
            d[k] = Math.Exp(-s.Gamma * (ti - grid.Times[k]));
        }
        return (m, d);
    }

    /// <summary>(I + w K) f = b for symmetric positive semi-definite K, by Cholesky (I + w K is positive definite).</summary>
    internal static double[] SolveShifted(double[][] k, double w, double[] b)
    {
        int p = b.Length;
        var a = Matrix<double>.Build.Dense(p, p, (i, j) => (i == j ? 1.0 : 0.0) + w * 0.5 * (k[i][j] + k[j][i]));
        return a.Cholesky().Solve(Vector<double>.Build.DenseOfArray(b)).ToArray();
    }
}
