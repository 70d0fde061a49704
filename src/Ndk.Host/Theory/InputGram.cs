namespace Ndk.Host.Theory;

/// <summary>K^0(x, x') = x.x' / N0 between input sets (MODEL.md sec 4), N0 = x.Length.</summary>
internal static class InputGram
{
    /// <summary>One dot product routine for every K^0 value, so x.x' of two identical inputs equals x.x bit for bit
    /// (the diagonal path detects identical inputs that way).</summary>
    public static double K0(double[] x, double[] y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"inputs of different dimension ({x.Length} and {y.Length})");
        if (x.Length == 0) throw new ArgumentException("inputs must have dimension N0 >= 1");
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s / x.Length;
    }

    public static double[] Diagonal(double[][] xs)
    {
        var d = new double[xs.Length];
        for (int i = 0; i < xs.Length; i++) d[i] = K0(xs[i], xs[i]);
        return d;
    }

    /// <summary>[row][column] = K^0(xs[row], ys[column]).</summary>
    public static double[][] Cross(double[][] xs, double[][] ys)
    {
        var g = new double[xs.Length][];
        Parallel.For(0, xs.Length, i =>
        {
            var row = new double[ys.Length];
            for (int j = 0; j < ys.Length; j++) row[j] = K0(xs[i], ys[j]);
            g[i] = row;
        });
        return g;
    }
}
