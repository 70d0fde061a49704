namespace Ndk.Gpu.Statistics;

/// <summary>
/// Sufficient statistics of the ensemble's outputs at each record time, in double so that checkpoints,
/// shards and devices merge exactly by addition.
/// Per record r and point i (train points first, then probes): the member count, sum and sum of squares
/// of f, and the same over independent units (the pair mean (f_2k + f_2k+1)/2 when antithetic, else the
/// member itself), from which the standard error of the mean comes. Per record: sums of each member's
/// training loss, loss(member) = (1/P) sum_mu (f_mu - y_mu)^2 / 2.
/// </summary>
public sealed class EnsembleStatistics
{
    public EnsembleStatistics(long[] recordSteps, int trainCount, int pointCount, bool antithetic)
    {
        if (trainCount < 1 || pointCount < trainCount) throw new ArgumentException("need 1 <= trainCount <= pointCount");
        RecordSteps = (long[])recordSteps.Clone();
        TrainCount = trainCount;
        PointCount = pointCount;
        Antithetic = antithetic;
        int n = RecordSteps.Length * pointCount;
        Sum = new double[n]; SumSq = new double[n]; UnitSum = new double[n]; UnitSumSq = new double[n];
        Count = new long[RecordSteps.Length]; UnitCount = new long[RecordSteps.Length];
        LossSum = new double[RecordSteps.Length]; LossSumSq = new double[RecordSteps.Length];
    }

    public long[] RecordSteps { get; }
    public int TrainCount { get; }
    public int PointCount { get; }
    public bool Antithetic { get; }
    public int RecordCount => RecordSteps.Length;

    public double[] Sum { get; }
    public double[] SumSq { get; }
    public double[] UnitSum { get; }
    public double[] UnitSumSq { get; }
    public long[] Count { get; }
    public long[] UnitCount { get; }
    public double[] LossSum { get; }
    public double[] LossSumSq { get; }

    /// <summary>
    /// Adds the outputs of <paramref name="members"/> members (outputs[m * PointCount + i]) at record r.
    /// With antithetic pairs, members come in pairs (2k, 2k+1) and members must be even.
    /// </summary>
    public void Accumulate(int record, ReadOnlySpan<double> outputs, int members, ReadOnlySpan<float> trainLabels)
    {
        if (outputs.Length < (long)members * PointCount) throw new ArgumentException("outputs shorter than members * points");
        if (Antithetic && members % 2 != 0) throw new ArgumentException("antithetic statistics need whole pairs");
        int baseIdx = record * PointCount;
        for (int m = 0; m < members; m++)
        {
            var f = outputs.Slice(m * PointCount, PointCount);
            double loss = 0;
            for (int i = 0; i < PointCount; i++)
            {
                double v = f[i];
                Sum[baseIdx + i] += v;
                SumSq[baseIdx + i] += v * v;
                if (i < TrainCount) { double r = v - trainLabels[i]; loss += r * r; }
            }
            loss *= 0.5 / TrainCount;
            LossSum[record] += loss;
            LossSumSq[record] += loss * loss;
        }
        Count[record] += members;

        int stride = Antithetic ? 2 : 1;
        for (int m = 0; m < members; m += stride)
        {
            for (int i = 0; i < PointCount; i++)
            {
                double u = Antithetic
                    ? 0.5 * (outputs[m * PointCount + i] + outputs[(m + 1) * PointCount + i])
                    : outputs[m * PointCount + i];
                UnitSum[baseIdx + i] += u;
                UnitSumSq[baseIdx + i] += u * u;
            }
        }
        UnitCount[record] += members / stride;
    }

    /// <summary>Adds another shard's sums (same record steps, points and pairing).</summary>
    public void Merge(EnsembleStatistics other)
    {
        if (!other.RecordSteps.AsSpan().SequenceEqual(RecordSteps) || other.PointCount != PointCount
            || other.TrainCount != TrainCount || other.Antithetic != Antithetic)
            throw new ArgumentException("cannot merge statistics of different record steps, points or pairing");
        for (int k = 0; k < Sum.Length; k++)
        {
            Sum[k] += other.Sum[k]; SumSq[k] += other.SumSq[k];
            UnitSum[k] += other.UnitSum[k]; UnitSumSq[k] += other.UnitSumSq[k];
        }
        for (int r = 0; r < RecordCount; r++)
        {
            Count[r] += other.Count[r]; UnitCount[r] += other.UnitCount[r];
            LossSum[r] += other.LossSum[r]; LossSumSq[r] += other.LossSumSq[r];
        }
    }

    /// <summary>Ensemble mean of f at record r, point i.</summary>
    public double Mean(int r, int i) => Sum[r * PointCount + i] / Count[r];

    /// <summary>Unbiased variance of f across members (the raw ensemble variance, for the covariance theory).</summary>
    public double Variance(int r, int i)
    {
        long n = Count[r];
        if (n < 2) return double.NaN;
        double mean = Sum[r * PointCount + i] / n;
        return Math.Max(0, (SumSq[r * PointCount + i] - n * mean * mean) / (n - 1));
    }

    /// <summary>Standard error of the ensemble mean, from the spread of the independent units.</summary>
    public double StandardError(int r, int i)
    {
        long n = UnitCount[r];
        if (n < 2) return double.NaN;
        double mean = UnitSum[r * PointCount + i] / n;
        double var = Math.Max(0, (UnitSumSq[r * PointCount + i] - n * mean * mean) / (n - 1));
        return Math.Sqrt(var / n);
    }

    /// <summary>Mean over members of the training loss at record r.</summary>
    public double MeanLoss(int r) => LossSum[r] / Count[r];
}
