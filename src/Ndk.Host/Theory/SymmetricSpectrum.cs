using MathNet.Numerics.LinearAlgebra;

namespace Ndk.Host.Theory;

/// <summary>
/// Symmetric eigendecomposition K = V diag(lambda) V^T of a training kernel, for spectral functions
/// g(K) y = V diag(g(lambda)) V^T y. Rounding can leave eigenvalues slightly negative; they are
/// clamped to 0 (<see cref="Lambda"/>), and callers needing K^-1 apply a jitter through <see cref="Floor"/>.
/// </summary>
internal sealed class SymmetricSpectrum
{
    /// <summary>Eigenvalues clamped at 0, ascending.</summary>
    public readonly double[] Lambda;
    readonly Matrix<double> _v;

    public SymmetricSpectrum(double[][] k)
    {
        int p = k.Length;
        var m = Matrix<double>.Build.Dense(p, p, (i, j) => 0.5 * (k[i][j] + k[j][i]));
        var evd = m.Evd(Symmetricity.Symmetric);
        _v = evd.EigenVectors;
        Lambda = evd.EigenValues.Select(e => Math.Max(e.Real, 0.0)).ToArray();
    }

    public double LambdaMax => Lambda.Length == 0 ? 0 : Lambda[^1];

    /// <summary>lambda_max / lambda_min (infinite for a singular kernel).</summary>
    public double ConditionNumber => Lambda.Length == 0 ? 1 : Lambda[0] > 0 ? Lambda[^1] / Lambda[0] : double.PositiveInfinity;

    /// <summary>
    /// Relative floor below which an eigenvalue counts as zero when dividing by it: 1e-12 lambda_max.
    /// Returns the floor and adds a warning naming the condition number when it bites.
    /// </summary>
    public double Floor(string what, List<string> warnings)
    {
        double floor = 1e-12 * LambdaMax;
        if (Lambda.Length > 0 && Lambda[0] < floor)
            warnings.Add($"{what} is ill-conditioned (condition number {ConditionNumber:G3}): eigenvalues below {floor:G3} raised to it (jitter) when inverting");
        return floor;
    }

    /// <summary>V diag(g(lambda)) V^T y.</summary>
    public double[] Apply(Func<double, double> g, double[] y)
    {
        var coeff = _v.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(y));
        for (int j = 0; j < coeff.Count; j++) coeff[j] *= g(Lambda[j]);
        return (_v * coeff).ToArray();
    }

    /// <summary>Diagonal of V diag(g(lambda)) V^T.</summary>
    public double[] Diagonal(Func<double, double> g)
    {
        int p = Lambda.Length;
        var gl = Lambda.Select(g).ToArray();
        var d = new double[p];
        for (int i = 0; i < p; i++)
        {
            double s = 0;
            for (int j = 0; j < p; j++) s += _v[i, j] * _v[i, j] * gl[j];
            d[i] = s;
        }
        return d;
    }

    /// <summary>Coefficients V^T k of a vector in the eigenbasis.</summary>
    public double[] Project(double[] k) => _v.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(k)).ToArray();
}
