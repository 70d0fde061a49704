using MathNet.Numerics.LinearAlgebra;

namespace Ndk.Host.Theory;

/// <summary>The mean predictor on the grid: the training means at every grid time, test means at the records.</summary>
internal sealed record MeanSolution(double[][] Train, double[][] TestAtRecords);

/// <summary>
/// The mean predictor of MODEL.md section 5. The training equation
/// f_i = sum_{k &lt;= i} w_ik NDK(t_i, t_k, X, X) (Y - f_k) is solved forward in time with the trapezoid rule,
/// (I + w_ii K_ii) f_i = sum_{k&lt;i} w_ik K_ik (Y - f_k) + w_ii K_ii Y, then each test point by the same
/// quadrature at the record times only. Kernels are computed on the fly and contracted at once with the
/// residuals, so memory is O(n P) (grid times n, training points P); the cost is about n^2 P^2 / 2 pair
/// evaluations for training and sum_records(i_r) P Q for the test points, each L layers deep.
/// </summary>
internal static class MeanPredictorSolver
{
    public static MeanSolution Solve(TheorySpec s, double[][] trainX, double[] trainY, double[][] testX, TimeGrid grid, CancellationToken cancel)
    {
        int p = trainX.Length, n = grid.Count;
        var times = grid.Times;
        var k0 = InputGram.Cross(trainX, trainX);
        var track = new DiagonalTrack(s, InputGram.Diagonal(trainX), times);
        var train = new double[n][];
        var residual = new double[n][];
        train[0] = new double[p];
        residual[0] = (double[])trainY.Clone();

        for (int i = 1; i < n; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var (weight, m12, decay) = StepScalars(s, grid, i);
            var rhs = new double[p];
            var kii = new double[p][];
            Parallel.For(0, p, new ParallelOptions { CancellationToken = cancel }, a =>
            {
                var rowF = track.RowFactors(i, a);
                double sum = 0;
                for (int k = 0; k < i; k++)
                    sum += weight[k] * decay[k] * KernelRows.KtildeDot(s.Activation, k0[a], rowF, track.Factor[k], m12[k], residual[k]);
                var row = new double[p];
                KernelRows.Row(s.Activation, k0[a], rowF, track.Factor[i], m12[i], 1.0, row, []);
                KernelRows.FixDiagonal(k0[a], track.K0[a], track.K0, track.Ndk[i][a], 0, row, []);
                double ky = 0;
                for (int b = 0; b < p; b++) ky += row[b] * trainY[b];
                rhs[a] = sum + weight[i] * ky;
                kii[a] = row;
            });
            train[i] = SolveShifted(kii, weight[i], rhs);
            residual[i] = new double[p];
            for (int b = 0; b < p; b++) residual[i][b] = trainY[b] - train[i][b];
        }
        return new MeanSolution(train, TestAtRecords(s, trainX, testX, grid, track, residual, cancel));
    }

    /// <summary>f(x, t_r) = sum_{k &lt;= r} w_rk NDK(t_r, t_k, x, X) (Y - f_k) at each record time.</summary>
    static double[][] TestAtRecords(TheorySpec s, double[][] trainX, double[][] testX, TimeGrid grid, DiagonalTrack trainTrack,
        double[][] residual, CancellationToken cancel)
    {
        int p = trainX.Length, q = testX.Length;
        var k0 = InputGram.Cross(testX, trainX);
        var recordTimes = grid.RecordIndex.Select(j => grid.Times[j]).ToArray();
        var track = new DiagonalTrack(s, InputGram.Diagonal(testX), recordTimes);
        var result = new double[grid.RecordIndex.Length][];
        for (int r = 0; r < result.Length; r++)
        {
            int j = grid.RecordIndex[r];
            var f = new double[q];
            result[r] = f;
            if (j == 0) continue;
            var (weight, m12, decay) = StepScalars(s, grid, j);
            int rr = r;
            Parallel.For(0, q, new ParallelOptions { CancellationToken = cancel }, x =>
            {
                var rowF = track.RowFactors(rr, x);
                double sum = 0;
                for (int k = 0; k < j; k++)
                    sum += weight[k] * decay[k] * KernelRows.KtildeDot(s.Activation, k0[x], rowF, trainTrack.Factor[k], m12[k], residual[k]);
                var row = new double[p];
                KernelRows.Row(s.Activation, k0[x], rowF, trainTrack.Factor[j], m12[j], 1.0, row, []);
                KernelRows.FixDiagonal(k0[x], track.K0[x], trainTrack.K0, track.Ndk[rr][x], 0, row, []);
                double last = 0;
                for (int b = 0; b < p; b++) last += row[b] * residual[j][b];
                f[x] = sum + weight[j] * last;
            });
        }
        return result;
    }

    /// <summary>Per k &lt;= i: trapezoid weight w_ik, m(t_i, t_k) and the decay exp(-gamma (t_i - t_k)).</summary>
    internal static (double[] Weight, double[] M12, double[] Decay) StepScalars(TheorySpec s, TimeGrid grid, int i)
    {
        var w = new double[i + 1];
        var m = new double[i + 1];
        var d = new double[i + 1];
        double ti = grid.Times[i];
        for (int k = 0; k <= i; k++)
        {
            w[k] = grid.Weight(i, k);
            m[k] = PriorCorrelation.M(s, ti, grid.Times[k]);
            d[k] = Math.Exp(-s.Gamma * (ti - grid.Times[k]));
        }
        return (w, m, d);
    }

    /// <summary>(I + w K) f = b for symmetric positive semi-definite K, by Cholesky (I + w K is positive definite).</summary>
    internal static double[] SolveShifted(double[][] k, double w, double[] b)
    {
        int p = b.Length;
        var a = Matrix<double>.Build.Dense(p, p, (i, j) => (i == j ? 1.0 : 0.0) + w * 0.5 * (k[i][j] + k[j][i]));
        return a.Cholesky().Solve(Vector<double>.Build.DenseOfArray(b)).ToArray();
    }
}
