namespace Ndk.Host.Theory;

/// <summary>
/// The time grid of the Volterra solvers (MODEL.md sec 5): uniform steps h0 early, then steps growing
/// as growth * t (geometric) up to a cap hLate, with every record time placed exactly on the grid.
/// Trapezoid weights for int_0^{t_i} g dt' = sum_k w(i,k) g(t_k).
/// </summary>
public sealed class TimeGrid
{
    public readonly double[] Times;
    /// <summary>Grid index of each record time, in the order given.</summary>
    public readonly int[] RecordIndex;

    TimeGrid(double[] times, int[] recordIndex) { Times = times; RecordIndex = recordIndex; }

    public int Count => Times.Length;

    /// <summary>
    /// Step h(t) = min(hLate, max(h0, growth t)). A record time within 1.5 steps ahead is taken as the next
    /// point, so steps never exceed 1.5 h(t) and records need no interpolation.
    /// </summary>
    public static TimeGrid Build(double h0, double growth, double hLate, double tMax, IReadOnlyList<double> recordTimes)
    {
        if (!(h0 > 0) || !(growth >= 0) || !(hLate >= h0)) throw new ArgumentException($"bad grid steps h0 = {h0}, growth = {growth}, hLate = {hLate}");
        if (recordTimes.Any(t => !(t >= 0) || double.IsInfinity(t))) throw new ArgumentException("record times must be finite and >= 0");
        var records = recordTimes.Where(t => t > 0).Distinct().Order().ToArray();
        tMax = Math.Max(tMax, records.Length > 0 ? records[^1] : 0);
        var times = new List<double> { 0.0 };
        int next = 0;
        double t = 0;
        while (t < tMax)
        {
            double h = Math.Min(hLate, Math.Max(h0, growth * t));
            double tn = t + h;
            if (next < records.Length && records[next] <= t + 1.5 * h) tn = records[next++];
            else if (tMax <= t + 1.5 * h) tn = tMax;
            times.Add(tn);
            t = tn;
        }
        var grid = times.ToArray();
        var index = recordTimes.Select(r => Array.IndexOf(grid, r)).ToArray();
        return new TimeGrid(grid, index);
    }

    /// <summary>The grid with every step halved (midpoints inserted); point i of this grid is point 2i of the result.</summary>
    public TimeGrid Refine()
    {
        var t = new double[2 * Times.Length - 1];
        for (int i = 0; i < Times.Length; i++)
        {
            t[2 * i] = Times[i];
            if (i + 1 < Times.Length) t[2 * i + 1] = 0.5 * (Times[i] + Times[i + 1]);
        }
        return new TimeGrid(t, RecordIndex.Select(j => 2 * j).ToArray());
    }

    /// <summary>Trapezoid weight of g(t_k) in int_0^{t_i} g dt', 0 &lt;= k &lt;= i.</summary>
    public double Weight(int i, int k)
    {
        if (i == 0) return 0;
        double left = k > 0 ? Times[k] - Times[k - 1] : 0;
        double right = k < i ? Times[k + 1] - Times[k] : 0;
        return 0.5 * (left + right);
    }
}
