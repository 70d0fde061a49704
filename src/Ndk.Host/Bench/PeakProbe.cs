using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Ndk.Host.Bench;

/// <summary>
/// This machine's limits, measured: the fused multiply-add peak (independent FMA chains in the widest
/// vector registers, on every core) and the memory bandwidth (a stream triad over arrays far larger than cache).
/// </summary>
public static class PeakProbe
{
    public static double FmaGflops(int threads, double seconds = 1.0)
    {
        double total = 0;
        var counts = new double[threads];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            counts[t] = FmaLoop(seconds);
        });
        total = counts.Sum();
        return total / clock.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>Runs 8 independent FMA chains (enough to cover the FMA latency) for about the given time; returns FLOPs done.</summary>
    static double FmaLoop(double seconds)
    {
        var a = Vector256.Create(0.999999f); var b = Vector256.Create(1e-7f);
        Vector256<float> x0 = Vector256.Create(1f), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0;
        long iterations = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int k = 0; k < 100_000; k++)
            {
                x0 = Vector256.FusedMultiplyAdd(x0, a, b); x1 = Vector256.FusedMultiplyAdd(x1, a, b);
                x2 = Vector256.FusedMultiplyAdd(x2, a, b); x3 = Vector256.FusedMultiplyAdd(x3, a, b);
                x4 = Vector256.FusedMultiplyAdd(x4, a, b); x5 = Vector256.FusedMultiplyAdd(x5, a, b);
                x6 = Vector256.FusedMultiplyAdd(x6, a, b); x7 = Vector256.FusedMultiplyAdd(x7, a, b);
            }
            iterations += 100_000;
        }
        float sink = (x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7).ToScalar();
        if (sink == 12345f) Console.Write("");
        return iterations * 8.0 * Vector256<float>.Count * 2;
    }

    /// <summary>Triad a = b + s c over float arrays of 3 x 64 MB; bytes moved per element: 12 (two reads, one write).</summary>
    public static double TriadGBytesPerSecond(int threads, int repeats = 5)
    {
        const int n = 16 * 1024 * 1024;
        var a = new float[n]; var b = new float[n]; var c = new float[n];
        Array.Fill(b, 1f); Array.Fill(c, 2f);
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            int chunk = n / threads;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                Triad(a.AsSpan(t * chunk, chunk), b.AsSpan(t * chunk, chunk), c.AsSpan(t * chunk, chunk), 3f);
            });
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 12.0 * n / best / 1e9;
    }

    static void Triad(Span<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, float s)
    {
        var vs = Vector256.Create(s);
        int i = 0;
        for (; i <= a.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            Vector256.FusedMultiplyAdd(Vector256.Create(c.Slice(i, Vector256<float>.Count)), vs, Vector256.Create(b.Slice(i, Vector256<float>.Count)))
                .CopyTo(a.Slice(i, Vector256<float>.Count));
        for (; i < a.Length; i++) a[i] = b[i] + s * c[i];
    }
}
