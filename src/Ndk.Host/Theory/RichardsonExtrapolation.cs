using Ndk.Gpu;

namespace Ndk.Host.Theory;

/// <summary>
/// Richardson extrapolation of the trapezoid Volterra solution over nested grids h, h/2, h/4, ...
/// Its error expands as c2 h^2 + ... for smooth kernels (linear, erf); relu adds c h^1.5, from the
/// sqrt(t - t') cusp of Kdot (theta ~ sqrt(1 - rho)) where an input meets itself at nearby times.
/// </summary>
internal static class RichardsonExtrapolation
{
    /// <summary>The error exponents to cancel, leading first.</summary>
    public static double[] ErrorExponents(Activation a) => a == Activation.Relu ? [1.5, 2.0] : [2.0];

    /// <summary>
    /// Weights w_j of sum_j w_j f(h / 2^j), j = 0..exponents.Length: sum_j w_j = 1 and
    /// sum_j w_j 2^(-p j) = 0 for each exponent p.
    /// </summary>
    public static double[] Weights(double[] exponents)
    {
        int m = exponents.Length + 1;
        var a = new double[m, m];
        var b = new double[m];
        for (int j = 0; j < m; j++) a[0, j] = 1;
        b[0] = 1;
        for (int r = 1; r < m; r++)
            for (int j = 0; j < m; j++) a[r, j] = Math.Pow(2, -exponents[r - 1] * j);
        return MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(a)
            .Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(b)).ToArray();
    }

    /// <summary>sum_j w_j values[j] element by element ([grid][record][point]).</summary>
    public static double[][] Combine(double[] weights, IReadOnlyList<double[][]> values)
    {
        var first = values[0];
        var result = new double[first.Length][];
        for (int r = 0; r < first.Length; r++)
        {
            var row = new double[first[r].Length];
            for (int j = 0; j < weights.Length; j++)
                for (int i = 0; i < row.Length; i++) row[i] += weights[j] * values[j][r][i];
            result[r] = row;
        }
        return result;
    }
}
