using System.Diagnostics;
using ILGPU.Runtime;

namespace Ndk.Gpu.Ilgpu;

/// <summary>
/// Wall time per phase of the ILGPU step, with the work each phase does, for benchmarks
/// (<see cref="IlgpuSimulation.Profile"/>). FLOPs count a multiply-add as 2; bytes count the weights read
/// and written plus the activations each product reads and writes once (a lower bound on traffic).
/// </summary>
public sealed class IlgpuProfile
{
    public const string Forward = "forward", Readout = "readout", Backward = "backward", Update = "update";

    public sealed record Phase(string Name, double Seconds, double Flops, double Bytes)
    {
        public double TeraflopsPerSecond => Seconds > 0 ? Flops / Seconds / 1e12 : 0;
        public double GigabytesPerSecond => Seconds > 0 ? Bytes / Seconds / 1e9 : 0;
    }

    readonly Dictionary<string, double> _seconds = new() { [Forward] = 0, [Readout] = 0, [Backward] = 0, [Update] = 0 };
    readonly Stopwatch _clock = new();
    double _last;

    public int Steps { get; }

    internal IlgpuProfile(IlgpuLayout layout, int steps)
    {
        Steps = steps;
        double e = layout.Members, p = layout.TrainCount, n = layout.Width, n0 = layout.InputDim;
        double hidden = n * n0 + (layout.Depth - 1) * n * n;          // hidden weights per member
        double deep = (layout.Depth - 1) * n * n;                      // W^2..W^L
        double act = e * p * n * layout.Depth;                          // activations of all layers
        _work = new()
        {
            [Forward] = (2 * e * p * hidden, 4 * (e * hidden + 2 * act + e * p * n0)),
            [Readout] = (6 * e * p * n, 4 * (2 * e * n + 3 * e * p * n)),
            [Backward] = (2 * e * p * deep, 4 * (e * deep + 3 * e * p * n * (layout.Depth - 1))),
            [Update] = (2 * e * p * hidden, 4 * (2 * e * hidden + 2 * act)),
        };
    }

    readonly Dictionary<string, (double flops, double bytes)> _work;

    internal void Start() { _clock.Restart(); _last = 0; }

    internal void Mark(Accelerator accelerator, string phase)
    {
        accelerator.Synchronize();
        double now = _clock.Elapsed.TotalSeconds;
        _seconds[phase] += now - _last;
        _last = now;
    }

    /// <summary>Per phase totals over all profiled steps.</summary>
    public IReadOnlyList<Phase> Results() =>
        _seconds.Select(kv => new Phase(kv.Key, kv.Value, _work[kv.Key].flops * Steps, _work[kv.Key].bytes * Steps)).ToList();

    public double TotalSeconds => _seconds.Values.Sum();

    public override string ToString() =>
        string.Join("\n", Results().Select(r =>
            $"{r.Name,-9} {r.Seconds / Math.Max(1, Steps) * 1e3,9:F3} ms/step  {r.TeraflopsPerSecond,7:F2} TFLOP/s  {r.GigabytesPerSecond,8:F1} GB/s"))
        + $"\ntotal     {TotalSeconds / Math.Max(1, Steps) * 1e3,9:F3} ms/step";
}
