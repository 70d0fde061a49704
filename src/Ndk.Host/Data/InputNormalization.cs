namespace Ndk.Host.Data;

/// <summary>
/// The input normalisations of <see cref="DataSpec.Normalize"/>, applied in place after pooling:
/// <list type="bullet">
/// <item>sphere: every input rescaled to |x|^2 = N0, the convention of the theory (x.x/N0 = 1);</item>
/// <item>none: inputs as given (raw pixel values 0..255 for images);</item>
/// <item>standardize: every feature shifted and scaled by the training set's mean and standard
/// deviation (population), applied to train and test alike so the test set leaks nothing into it.
/// A feature constant over the training set (an MNIST border pixel) becomes 0 rather than a
/// division by zero.</item>
/// </list>
/// </summary>
internal static class InputNormalization
{
    /// <param name="describe">Names a point for an error: (is training point, index in its set).</param>
    public static void Apply(string mode, double[][] train, double[][] test, Func<bool, int, string> describe)
    {
        switch (mode)
        {
            case "sphere":
                ToSphere(train, isTrain: true, describe);
                ToSphere(test, isTrain: false, describe);
                break;
            case "standardize":
                Standardize(train, test);
                break;
            case "none":
                break;
            default:
                throw new DataException(
                    $"unknown normalize '{mode}'; valid: {string.Join(", ", DataSpec.Normalizations)}");
        }
    }

    private static void ToSphere(double[][] points, bool isTrain, Func<bool, int, string> describe)
    {
        for (int p = 0; p < points.Length; p++)
        {
            var x = points[p];
            double squaredNorm = 0;
            foreach (var v in x)
                squaredNorm += v * v;
            if (squaredNorm == 0)
                throw new DataException(
                    $"{describe(isTrain, p)} is all zeros, so sphere normalisation cannot scale it to |x|^2 = N0; " +
                    "remove it or use normalize \"none\" or \"standardize\"");
            double scale = Math.Sqrt(x.Length / squaredNorm);
            for (int i = 0; i < x.Length; i++)
                x[i] *= scale;
        }
    }

    private static void Standardize(double[][] train, double[][] test)
    {
        int dim = train[0].Length;
        var mean = new double[dim];
        var inverseStd = new double[dim];
        for (int i = 0; i < dim; i++)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (var x in train)
            {
                sum += x[i];
                min = Math.Min(min, x[i]);
                max = Math.Max(max, x[i]);
            }
            mean[i] = sum / train.Length;
            double squares = 0;
            foreach (var x in train)
                squares += (x[i] - mean[i]) * (x[i] - mean[i]);
            // Tested on the values, not on the standard deviation: a rounded mean of equal values
            // leaves a tiny nonzero deviation that would blow rounding noise up to order 1.
            inverseStd[i] = min < max ? 1 / Math.Sqrt(squares / train.Length) : 0;
        }
        foreach (var x in train.Concat(test))
            for (int i = 0; i < dim; i++)
                x[i] = (x[i] - mean[i]) * inverseStd[i];
    }
}
