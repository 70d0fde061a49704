namespace Ndk.Host.Experiments;

/// <summary>
/// The record times of a config, placed on the simulator's step grid: step = round(t / dt), time = step * dt.
/// Requested times that round to the same step are recorded once. The theory is solved at the placed times,
/// so simulation and theory are compared at exactly the same t.
/// </summary>
public sealed class RecordSchedule
{
    RecordSchedule(long[] steps, double dt, long totalSteps)
    {
        Steps = steps;
        Times = steps.Select(s => Math.Round(s * dt, 10)).ToArray(); // step * dt without float noise such as 30.000999999999998
        TotalSteps = totalSteps;
    }

    public long[] Steps { get; }
    public double[] Times { get; }
    /// <summary>Steps to simulate: round(tMax / dt).</summary>
    public long TotalSteps { get; }

    public static double[] RequestedTimes(RecordConfig r)
    {
        IEnumerable<double> times = r.Spacing switch
        {
            "list" => r.Times,
            "linear" => Enumerable.Range(0, r.Count).Select(k => r.Count == 1 ? r.To : r.From + (r.To - r.From) * k / (r.Count - 1)),
            "log" => Enumerable.Range(0, r.Count).Select(k => r.Count == 1 ? r.To : r.From * Math.Pow(r.To / r.From, (double)k / (r.Count - 1))),
            _ => throw new ConfigException($"record.spacing: unknown spacing '{r.Spacing}'"),
        };
        if (r.IncludeZero) times = times.Prepend(0.0);
        return times.Distinct().Order().ToArray();
    }

    public static double LastTime(RecordConfig r) => RequestedTimes(r).Max();

    public static RecordSchedule Build(RecordConfig record, DynamicsConfig dynamics)
    {
        double dt = dynamics.Dt;
        double tMax = dynamics.TMax ?? LastTime(record);
        long total = (long)Math.Round(tMax / dt);
        var steps = RequestedTimes(record).Select(t => (long)Math.Round(t / dt)).Where(s => s <= total).Distinct().Order().ToArray();
        return new RecordSchedule(steps, dt, total);
    }
}
