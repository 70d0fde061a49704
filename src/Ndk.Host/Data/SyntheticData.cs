using System.Numerics;

namespace Ndk.Host.Data;

/// <summary>
/// Synthetic tasks, generated from a seed. Inputs come out with |x|^2 = N0 for orthogonal, and
/// unnormalised N(0, 1) entries for gaussian (the builder's normalisation then applies to both).
/// </summary>
internal static class SyntheticData
{
    /// <summary>
    /// The paper's synthetic task: <paramref name="count"/> mutually orthogonal inputs with
    /// |x|^2 = N0 (the rows of a random orthonormal set, from Gram-Schmidt on a seeded Gaussian
    /// matrix, scaled by sqrt(N0)) and independent, uniformly random +-1 labels. The builder takes
    /// the test points from the same set, so they are orthogonal to the training points and to each
    /// other: x.x'/N0 = 0 exactly as the theory assumes, and their labels are unrelated to training.
    /// </summary>
    public static (double[][] X, double[] Y) Orthogonal(int count, int inputDim, Random rng)
    {
        if (count > inputDim)
            throw new ArgumentOutOfRangeException(nameof(count), "more orthogonal vectors than dimensions");
        var x = new double[count][];
        for (int p = 0; p < count; p++)
        {
            var v = GaussianVector(inputDim, rng);
            // Two passes of modified Gram-Schmidt: one pass loses orthogonality in proportion to
            // the condition number, the second brings it back to rounding level.
            for (int pass = 0; pass < 2; pass++)
                for (int q = 0; q < p; q++)
                    SubtractScaled(v, Dot(v, x[q]) / inputDim, x[q]);
            double scale = Math.Sqrt(inputDim / Dot(v, v));
            for (int i = 0; i < inputDim; i++)
                v[i] *= scale;
            x[p] = v;
        }
        return (x, RandomSigns(count, rng));
    }

    /// <summary>
    /// Inputs with i.i.d. N(0, 1) entries, labelled by a random linear teacher: y = sign(w.x) with
    /// w ~ N(0, I), drawn first. A linear teacher is the simplest task a wide network learns
    /// perfectly in principle; its labels do not change under the builder's rescaling of inputs
    /// to the sphere. (w.x = 0 has probability zero; it would count as +1.)
    /// </summary>
    public static (double[][] X, double[] Y) Gaussian(int count, int inputDim, Random rng)
    {
        var teacher = GaussianVector(inputDim, rng);
        var x = new double[count][];
        var y = new double[count];
        for (int p = 0; p < count; p++)
        {
            x[p] = GaussianVector(inputDim, rng);
            y[p] = Dot(teacher, x[p]) >= 0 ? 1 : -1;
        }
        return (x, y);
    }

    private static double[] RandomSigns(int count, Random rng)
    {
        var y = new double[count];
        for (int p = 0; p < count; p++)
            y[p] = rng.Next(2) == 0 ? 1 : -1;
        return y;
    }

    /// <summary>Standard normal entries by the Box-Muller transform (both values of each pair used).</summary>
    private static double[] GaussianVector(int length, Random rng)
    {
        var v = new double[length];
        for (int i = 0; i < length; i += 2)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble()));
            double angle = 2 * Math.PI * rng.NextDouble();
            v[i] = radius * Math.Cos(angle);
            if (i + 1 < length)
                v[i + 1] = radius * Math.Sin(angle);
        }
        return v;
    }

    // Gram-Schmidt costs 2 (P + Q)^2 N0 multiply-adds; SIMD keeps a 1000 x 1000 set near a second.
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sums = Vector<double>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
            sums += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
        double sum = Vector.Sum(sums);
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    /// <summary>v -= c * u.</summary>
    private static void SubtractScaled(Span<double> v, double c, ReadOnlySpan<double> u)
    {
        int i = 0;
        for (; i <= v.Length - Vector<double>.Count; i += Vector<double>.Count)
            (new Vector<double>(v[i..]) - c * new Vector<double>(u[i..])).CopyTo(v[i..]);
        for (; i < v.Length; i++)
            v[i] -= c * u[i];
    }
}
