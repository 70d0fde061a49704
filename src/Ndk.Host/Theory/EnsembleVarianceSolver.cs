using MathNet.Numerics.LinearAlgebra;
using SimdVector = System.Numerics.Vector;

namespace Ndk.Host.Theory;

/// <summary>Var f at the record times: [record][point]; test points past the cap are NaN.</summary>
internal sealed record VarianceSolution(double[][] Train, double[][] Test);

/// <summary>
/// The ensemble variance of MODEL.md section 6 on a grid of n times holding the record times. delta f_train =
/// A^-1 ftilde_train with A = I + Kb, Kb[(i,a),(k,b)] = w_ik NDK(t_i,t_k,x_a,x_b) (block lower triangular, trapezoid
/// weights), and delta f(x,t_i) = ftilde(x,t_i) - kappa^T delta f_train, kappa = the row w_ik NDK(t_i,t_k,x,X).
/// With C the prior covariance C(t_i,t_k,x_a,x_b) of ftilde_train (N x N, N = n P) and u = A^-T e (train) or
/// A^-T kappa (test):
/// <code>
///   Var f_train(t_i)_a = u^T C u,        Var f(x,t_i) = C(t_i,t_i,x,x) - 2 u^T c_x + u^T C u,   c_x = Cov(ftilde_train, ftilde(x,t_i)).
/// </code>
/// The prior process ftilde is rough in t (C has a kink at t = t'), and training damps its fluctuations up to
/// the NTK rate lambda_max: the trapezoid only resolves that with steps of about 0.2 / lambda_max, at every time,
/// and coarser steps underestimate the variance (by about a factor 2 / (lambda_max h) once lambda_max h &gt;&gt; 1).
/// Memory is 2 N^2 doubles, time O(N^3 / 6) plus O(n^2 P^2) per test point and record.
/// </summary>
internal static class EnsembleVarianceSolver
{
    public static VarianceSolution Solve(TheorySpec s, double[][] trainX, double[][] testX, TimeGrid grid, int maxTest, CancellationToken cancel)
    {
        int n = grid.Count, p = trainX.Length, bigN = n * p;
        var k0 = InputGram.Cross(trainX, trainX);
        var track = new DiagonalTrack(s, InputGram.Diagonal(trainX), grid.Times);
        var c = new double[(long)bigN * bigN];
        var a = new double[n][][]; // a[i][k] = A_ik (P x P row-major), k <= i
        for (int i = 0; i < n; i++)
        {
            cancel.ThrowIfCancellationRequested();
            a[i] = new double[i + 1][];
            int ii = i;
            Parallel.For(0, i + 1, k =>
            {
                var block = new double[p * p];
                double w = grid.Weight(ii, k), m12 = PriorCorrelation.M(s, grid.Times[ii], grid.Times[k]);
                double decay = Math.Exp(-s.Gamma * (grid.Times[ii] - grid.Times[k]));
                var ndk = new double[p];
                var cov = new double[p];
                for (int r = 0; r < p; r++)
                {
                    KernelRows.Row(s.Activation, k0[r], track.RowFactors(ii, r), track.Factor[k], m12, decay, ndk, cov);
                    if (ii == k) KernelRows.FixDiagonal(k0[r], track.K0[r], track.K0, track.Ndk[ii][r], track.Cov[ii][r], ndk, cov);
                    for (int b = 0; b < p; b++)
                    {
                        block[r * p + b] = (ii == k && r == b ? 1.0 : 0.0) + w * ndk[b];
                        c[(long)(ii * p + r) * bigN + k * p + b] = cov[b];
                        c[(long)(k * p + b) * bigN + ii * p + r] = cov[b];
                    }
                }
                a[ii][k] = block;
            });
        }
        var x = BlockInverse(a, p, cancel);
        var records = grid.RecordIndex;

        var train = records.Select(i => new double[p]).ToArray();
        for (int r = 0; r < records.Length; r++)
        {
            int i = records[r], rr = r;
            Parallel.For(0, p, row =>
            {
                var u = new double[(i + 1) * p];
                for (int j = 0; j <= i; j++) Array.Copy(x[i][j], row * p, u, j * p, p);
                train[rr][row] = QuadraticForm(c, bigN, u);
            });
        }

        int q = Math.Min(maxTest, testX.Length);
        var test = records.Select(_ => Enumerable.Repeat(double.NaN, testX.Length).ToArray()).ToArray();
        var testK0 = InputGram.Cross(testX, trainX);
        var recordTimes = records.Select(i => grid.Times[i]).ToArray();
        var testTrack = new DiagonalTrack(s, InputGram.Diagonal(testX), recordTimes);
        Parallel.For(0, q, new ParallelOptions { CancellationToken = cancel }, pt =>
        {
            var ndk = new double[p];
            var cov = new double[p];
            for (int r = 0; r < records.Length; r++)
            {
                int i = records[r], len = (i + 1) * p;
                var kappa = new double[len];
                var cx = new double[len];
                for (int k = 0; k <= i; k++)
                {
                    double m12 = PriorCorrelation.M(s, grid.Times[i], grid.Times[k]);
                    double decay = Math.Exp(-s.Gamma * (grid.Times[i] - grid.Times[k]));
                    KernelRows.Row(s.Activation, testK0[pt], testTrack.RowFactors(r, pt), track.Factor[k], m12, decay, ndk, cov);
                    if (k == i) KernelRows.FixDiagonal(testK0[pt], testTrack.K0[pt], track.K0, testTrack.Ndk[r][pt], testTrack.Cov[r][pt], ndk, cov);
                    double w = grid.Weight(i, k);
                    for (int b = 0; b < p; b++)
                    {
                        kappa[k * p + b] = w * ndk[b];
                        cx[k * p + b] = cov[b];
                    }
                }
                // u = A^-T kappa: u_j = sum_{j <= i2 <= i} X_{i2 j}^T kappa_{i2}
                var u = new double[len];
                for (int j = 0; j <= i; j++)
                    for (int i2 = j; i2 <= i; i2++)
                    {
                        var blk = x[i2][j];
                        for (int r2 = 0; r2 < p; r2++)
                        {
                            double kv = kappa[i2 * p + r2];
                            if (kv == 0) continue;
                            Axpy(kv, blk.AsSpan(r2 * p, p), u.AsSpan(j * p, p));
                        }
                    }
                double ucx = 0;
                for (int e = 0; e < len; e++) ucx += u[e] * cx[e];
                test[r][pt] = Math.Max(testTrack.Cov[r][pt] - 2 * ucx + QuadraticForm(c, bigN, u), 0.0);
            }
        });
        return new VarianceSolution(train, test);
    }

    /// <summary>Blocks of A^-1 for block lower-triangular A: X_ii = A_ii^-1, X_ij = -X_ii sum_{j &lt;= k &lt; i} A_ik X_kj.</summary>
    static double[][][] BlockInverse(double[][][] a, int p, CancellationToken cancel)
    {
        int n = a.Length;
        var x = new double[n][][];
        for (int i = 0; i < n; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var inv = Matrix<double>.Build.Dense(p, p, (r, b) => a[i][i][r * p + b]).Inverse();
            var diagInverse = new double[p * p];
            for (int r = 0; r < p; r++)
                for (int b = 0; b < p; b++) diagInverse[r * p + b] = inv[r, b];
            x[i] = new double[i + 1][];
            x[i][i] = diagInverse;
            int ii = i;
            Parallel.For(0, i, j =>
            {
                var sum = new double[p * p];
                for (int k = j; k < ii; k++) MultiplyAdd(a[ii][k], x[k][j], sum, p);
                var result = new double[p * p];
                MultiplyAdd(diagInverse, sum, result, p);
                for (int e = 0; e < result.Length; e++) result[e] = -result[e];
                x[ii][j] = result;
            });
        }
        return x;
    }

    /// <summary>acc += left * right for row-major P x P blocks.</summary>
    static void MultiplyAdd(double[] left, double[] right, double[] acc, int p)
    {
        for (int r = 0; r < p; r++)
            for (int k = 0; k < p; k++)
            {
                double v = left[r * p + k];
                if (v != 0) Axpy(v, right.AsSpan(k * p, p), acc.AsSpan(r * p, p));
            }
    }

    static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int width = System.Numerics.Vector<double>.Count, e = 0;
        var va = new System.Numerics.Vector<double>(alpha);
        for (; e <= x.Length - width; e += width)
            SimdVector.FusedMultiplyAdd(va, new System.Numerics.Vector<double>(x.Slice(e)), new System.Numerics.Vector<double>(y.Slice(e))).CopyTo(y.Slice(e));
        for (; e < x.Length; e++) y[e] += alpha * x[e];
    }

    /// <summary>u^T C u over the leading u.Length x u.Length block of the row-major N x N matrix C.</summary>
    static double QuadraticForm(double[] c, int bigN, double[] u)
    {
        double total = 0;
        for (int e = 0; e < u.Length; e++)
            if (u[e] != 0) total += u[e] * Dot(new ReadOnlySpan<double>(c, e * bigN, u.Length), u);
        return total;
    }

    static double Dot(ReadOnlySpan<double> row, double[] u)
    {
        int width = System.Numerics.Vector<double>.Count, e = 0;
        var acc = System.Numerics.Vector<double>.Zero;
        for (; e <= u.Length - width; e += width)
            acc = SimdVector.FusedMultiplyAdd(new System.Numerics.Vector<double>(row.Slice(e)), new System.Numerics.Vector<double>(u, e), acc);
        double s = SimdVector.Sum(acc);
        for (; e < u.Length; e++) s += row[e] * u[e];
        return s;
    }
}
