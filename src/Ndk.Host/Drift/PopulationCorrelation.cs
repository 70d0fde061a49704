namespace Ndk.Host.Drift;

/// <summary>
/// The measured population-vector correlation of MODEL.md section 7: the cosine between a hidden layer's
/// activity vectors phi(h^l(x,t)) and phi(h^l(x,t')) for the same input, per member.
/// </summary>
public static class PopulationCorrelation
{
    /// <summary>a.b / (|a| |b|); NaN when either vector is zero (a silent relu layer has no direction).</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("vectors of different lengths");
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        return aa > 0 && bb > 0 ? ab / Math.Sqrt(aa * bb) : double.NaN;
    }

    /// <summary>
    /// Per member, the cosine averaged over the points, from two snapshots laid out as
    /// ReadHidden writes them: [(member * points + point) * width + unit].
    /// </summary>
    public static double[] PerMember(float[] now, float[] reference, int members, int points, int width)
    {
        long need = (long)members * points * width;
        if (now.LongLength != need || reference.LongLength != need) throw new ArgumentException($"snapshots need {need} values");
        var rho = new double[members];
        for (int m = 0; m < members; m++)
        {
            double sum = 0;
            for (int k = 0; k < points; k++)
            {
                int off = (m * points + k) * width;
                sum += Cosine(now.AsSpan(off, width), reference.AsSpan(off, width));
            }
            rho[m] = sum / points;
        }
        return rho;
    }
}
