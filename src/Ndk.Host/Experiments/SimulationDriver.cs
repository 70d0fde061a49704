using System.Diagnostics;
using Ndk.Gpu;
using Ndk.Gpu.Statistics;

namespace Ndk.Host.Experiments;

/// <summary>The run's step loop: advances the ensemble to each record step, accumulates its statistics,
/// and stops cleanly at a step boundary when cancelled, with a hook for checkpoints between chunks.</summary>
public sealed class SimulationDriver(IEnsembleSimulation sim, RecordSchedule schedule, EnsembleStatistics stats, float[] trainLabels)
{
    /// <summary>Every member's outputs at each record done, when kept: [record] -> [member * points + point].</summary>
    public List<double[]>? MemberOutputs { get; init; }

    /// <summary>Called at step boundaries with the next record index; it decides itself whether a checkpoint is due.</summary>
    public Action<int>? AtBoundary { get; init; }

    /// <summary>Called after each chunk with the current step.</summary>
    public Action<long>? Progress { get; init; }

    /// <summary>Runs from record <paramref name="nextRecord"/> on; returns the number of records done (all unless cancelled).</summary>
    public int Run(int nextRecord, CancellationToken cancel)
    {
        var setup = sim.Setup;
        var outputs = new double[setup.Ensemble.Size * setup.PointCount];
        long chunk = 1;
        var clock = new Stopwatch();
        for (int r = nextRecord; r < schedule.Steps.Length; r++)
        {
            long target = schedule.Steps[r];
            while (sim.Step < target)
            {
                if (cancel.IsCancellationRequested) return r;
                long n = Math.Min(chunk, target - sim.Step);
                clock.Restart();
                sim.Advance(n); // not cancelled mid-chunk: a chunk is short, and it ends on a step boundary
                double seconds = clock.Elapsed.TotalSeconds;
                // Aim for chunks of about a quarter second: responsive to signals, cheap in overhead.
                if (n == chunk) chunk = Math.Clamp((long)(chunk * 0.25 / Math.Max(seconds, 1e-6)), 1, Math.Max(1, chunk * 4));
                Progress?.Invoke(sim.Step);
                AtBoundary?.Invoke(r);
            }
            sim.ReadOutputs(outputs);
            CheckFinite(outputs, r);
            stats.Accumulate(r, outputs, setup.Ensemble.Size, trainLabels);
            MemberOutputs?.Add((double[])outputs.Clone());
        }
        return schedule.Steps.Length;
    }

    void CheckFinite(double[] outputs, int record)
    {
        foreach (double v in outputs)
            if (!double.IsFinite(v) || Math.Abs(v) > 1e8)
                throw new DivergenceException(schedule.Steps[record], schedule.Times[record], v);
    }
}

/// <summary>The ensemble blew up: NaN, Inf or an exploding output.</summary>
public sealed class DivergenceException(long step, double time, double value)
    : Exception($"the simulation diverged at step {step} (t = {time:G4}): an output reached {value:G4}")
{
    public long Step { get; } = step;
    public double Time { get; } = time;
}
