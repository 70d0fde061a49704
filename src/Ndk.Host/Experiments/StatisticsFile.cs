using Ndk.Gpu.Statistics;

namespace Ndk.Host.Experiments;

/// <summary>Binary serialisation of <see cref="EnsembleStatistics"/> (the sufficient sums, in double), shared by checkpoints and shard outputs.</summary>
public static class StatisticsFile
{
    public static void Write(BinaryWriter w, EnsembleStatistics s)
    {
        w.Write(s.RecordCount); w.Write(s.TrainCount); w.Write(s.PointCount); w.Write(s.Antithetic);
        foreach (long step in s.RecordSteps) w.Write(step);
        foreach (var a in new[] { s.Sum, s.SumSq, s.UnitSum, s.UnitSumSq, s.LossSum, s.LossSumSq }) WriteArray(w, a);
        foreach (var a in new[] { s.Count, s.UnitCount }) { w.Write(a.Length); foreach (long v in a) w.Write(v); }
    }

    public static EnsembleStatistics Read(BinaryReader r)
    {
        int records = r.ReadInt32(), train = r.ReadInt32(), points = r.ReadInt32();
        bool anti = r.ReadBoolean();
        if (records < 0 || records > 10_000_000 || points < 1 || points > 100_000_000) throw new InvalidDataException("implausible statistics header");
        var steps = new long[records];
        for (int k = 0; k < records; k++) steps[k] = r.ReadInt64();
        var s = new EnsembleStatistics(steps, train, points, anti);
        foreach (var a in new[] { s.Sum, s.SumSq, s.UnitSum, s.UnitSumSq, s.LossSum, s.LossSumSq })
        {
            var v = ReadArray(r);
            if (v.Length != a.Length) throw new InvalidDataException("statistics array of the wrong length");
            v.CopyTo(a, 0);
        }
        foreach (var a in new[] { s.Count, s.UnitCount })
        {
            int n = r.ReadInt32();
            if (n != a.Length) throw new InvalidDataException("statistics array of the wrong length");
            for (int k = 0; k < n; k++) a[k] = r.ReadInt64();
        }
        return s;
    }

    public static void WriteArray(BinaryWriter w, double[] a)
    {
        w.Write(a.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
    }

    public static double[] ReadArray(BinaryReader r)
    {
        int n = r.ReadInt32();
        long remaining = r.BaseStream.Length - r.BaseStream.Position;
        if (n < 0 || (long)n * sizeof(double) > remaining) throw new InvalidDataException("array longer than the file");
        var a = new double[n];
        r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
        return a;
    }
}
