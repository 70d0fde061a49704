namespace Ndk.Host.Theory;

/// <summary>The closed-form limits of MODEL.md section 5, as outputs of their own.</summary>
public sealed class LimitPrediction
{
    /// <summary>t -&gt; infinity of the NTK(sigma0) gradient flow: K(x,X) K^-1 Y (on the training set, Y up to the jitter).</summary>
    public required double[] NtkInterpolantTrain, NtkInterpolantTest;
    /// <summary>The equilibrium GP posterior mean K_GP(x,X) [K_GP(X,X) + T I]^-1 Y.</summary>
    public required double[] EquilibriumTrain, EquilibriumTest;
    /// <summary>The GP posterior variance K_GP(x,x) - K_GP(x,X) [K_GP + T I]^-1 K_GP(X,x) (Var f at t -&gt; infinity).</summary>
    public required double[] GpPosteriorVarianceTrain, GpPosteriorVarianceTest;
    /// <summary>Largest eigenvalue of NTK(sigma0) on the training set.</summary>
    public required double NtkLambdaMax;
    /// <summary>Condition number of NTK(sigma0) on the training set.</summary>
    public required double ConditionNumber;
    public required IReadOnlyList<string> Warnings;
}

/// <summary>
/// The NTK(sigma0) (= NDK(0,0)) and NNGP kernel K_GP (= sigma^2 K^L with every weight variance sigma^2),
/// the T = 0 gradient flow, the NTK interpolant and the equilibrium GP posterior (MODEL.md secs 4-5).
/// All solves go through symmetric eigendecompositions of the training kernel.
/// </summary>
public static class KernelLimits
{
    /// <summary>NTK with weight variance sigma0^2: NDK(0,0), independent of T and sigma.</summary>
    public static double[][] Ntk(TheorySpec s, double[][] xs, double[][] ys) => TwoTimeKernel.Ndk(s, xs, ys, 0, 0);

    /// <summary>K_GP(x,x') = sigma^2 K^L_eq: the output covariance C(0,0) of a spec with sigma0 = sigma (stationary prior).</summary>
    public static double[][] Nngp(TheorySpec s, double[][] xs, double[][] ys) =>
        TwoTimeKernel.Covariance(s with { Sigma02 = s.Sigma2 }, xs, ys, 0, 0);

    /// <summary>Largest eigenvalue of NTK(sigma0) on the training set (for dt stability checks).</summary>
    public static double NtkLambdaMax(TheorySpec s, double[][] trainX) => new SymmetricSpectrum(Ntk(s, trainX, trainX)).LambdaMax;

    /// <summary>
    /// T = 0 gradient flow with the NTK K = NTK(sigma0): f_train(t) = (I - exp(-K t)) Y and
    /// f(x,t) = K(x,X) K^-1 (I - exp(-K t)) Y, where K^-1 (I - exp(-K t)) = V diag((1 - e^{-lambda t})/lambda) V^T
    /// needs no inverse (it tends to t at lambda = 0).
    /// </summary>
    public static (double[] Train, double[] Test) NtkGradientFlow(TheorySpec s, double[][] trainX, double[] trainY, double[][] testX, double t)
    {
        RequireLabels(trainX, trainY);
        var spec = new SymmetricSpectrum(Ntk(s, trainX, trainX));
        var train = spec.Apply(l => OneMinusExpNeg(l * t), trainY);
        var alpha = spec.Apply(l => l > 0 ? OneMinusExpNeg(l * t) / l : t, trainY);
        return (train, MultiplyRows(Ntk(s, testX, trainX), alpha));
    }

    /// <summary>NTK interpolant, equilibrium posterior mean and variance, with conditioning warnings.</summary>
    public static LimitPrediction Compute(TheorySpec s, double[][] trainX, double[] trainY, double[][] testX)
    {
        RequireLabels(trainX, trainY);
        var warnings = new List<string>();
        var ntk = new SymmetricSpectrum(Ntk(s, trainX, trainX));
        double floor = ntk.Floor("the training NTK(sigma0)", warnings);
        var ntkAlpha = ntk.Apply(l => 1.0 / Math.Max(l, floor), trainY);
        var ntkTrain = ntk.Apply(l => l / Math.Max(l, floor), trainY);

        var (eqTrain, eqTest, varTrain, varTest) = GpPosterior(s, trainX, trainY, testX, warnings);
        return new LimitPrediction
        {
            NtkInterpolantTrain = ntkTrain,
            NtkInterpolantTest = MultiplyRows(Ntk(s, testX, trainX), ntkAlpha),
            EquilibriumTrain = eqTrain,
            EquilibriumTest = eqTest,
            GpPosteriorVarianceTrain = varTrain,
            GpPosteriorVarianceTest = varTest,
            NtkLambdaMax = ntk.LambdaMax,
            ConditionNumber = ntk.ConditionNumber,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// GP posterior with kernel K_GP and noise variance T: mean K_GP(x,X)(K_GP + T)^-1 Y and variance
    /// K_GP(x,x) - k^T (K_GP + T)^-1 k; on the training set the variance is diag V diag(lambda T/(lambda + T)) V^T
    /// (no cancellation).
    /// </summary>
    internal static (double[] MeanTrain, double[] MeanTest, double[] VarTrain, double[] VarTest) GpPosterior(
        TheorySpec s, double[][] trainX, double[] trainY, double[][] testX, List<string> warnings)
    {
        double temp = s.Temperature;
        var gp = new SymmetricSpectrum(Nngp(s, trainX, trainX));
        double floor = temp > 0 ? 0 : gp.Floor("the training NNGP kernel at T = 0", warnings);
        double Inv(double l) => 1.0 / Math.Max(l + temp, floor);
        var meanTrain = gp.Apply(l => l * Inv(l), trainY);
        var varTrain = gp.Diagonal(l => l * temp * Inv(l));
        var alpha = gp.Apply(Inv, trainY);
        var kx = Nngp(s, testX, trainX);
        var k0Test = InputGram.Diagonal(testX);
        var meanTest = MultiplyRows(kx, alpha);
        var varTest = new double[testX.Length];
        var prior = new DiagonalTrack(s with { Sigma02 = s.Sigma2 }, k0Test, [0.0]).Cov[0];
        for (int i = 0; i < testX.Length; i++)
        {
            var c = gp.Project(kx[i]);
            double q = 0;
            for (int j = 0; j < c.Length; j++) q += c[j] * c[j] * Inv(gp.Lambda[j]);
            varTest[i] = Math.Max(prior[i] - q, 0);
        }
        return (meanTrain, meanTest, varTrain, varTest);
    }

    /// <summary>1 - exp(-x) without cancellation at small x (Taylor series to x^5 below 1e-3).</summary>
    static double OneMinusExpNeg(double x) =>
        x < 1e-3 ? x * (1 - x / 2 * (1 - x / 3 * (1 - x / 4 * (1 - x / 5)))) : 1 - Math.Exp(-x);

    internal static double[] MultiplyRows(double[][] a, double[] x)
    {
        var y = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < x.Length; j++) s += a[i][j] * x[j];
            y[i] = s;
        }
        return y;
    }

    static void RequireLabels(double[][] trainX, double[] trainY)
    {
        if (trainX.Length != trainY.Length) throw new ArgumentException($"{trainX.Length} training inputs but {trainY.Length} labels");
        if (trainX.Length == 0) throw new ArgumentException("need at least one training point");
    }
}
