using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ndk.Host.Bench;

/// <summary>
/// This machine's limits, measured: the fused multiply-add peak (independent FMA chains in 256-bit
/// vector registers, on every core) and the memory bandwidth (a stream triad over arrays far larger than cache).
/// </summary>
public static class PeakProbe
{
    public static double FmaGflops(int threads, double seconds = 1.0)
    {
        if (!Fma.IsSupported) return 0;
        FmaChains(1000);
        // Calibrate the iteration count on one thread, then time all threads on it; best of three.
        var calibrate = Stopwatch.StartNew();
        FmaChains(10_000_000);
        long n = Math.Max(1_000_000, (long)(10_000_000 * seconds / 3 / Math.Max(calibrate.Elapsed.TotalSeconds, 1e-6)));
        double best = 0;
        for (int r = 0; r < 3; r++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => FmaChains(n));
            best = Math.Max(best, threads * n * FlopsPerIteration / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    const double FlopsPerIteration = 12 * 8 * 2; // 12 chains of 8-lane FMAs, 2 FLOPs each

    /// <summary>12 independent FMA chains, enough to cover the FMA latency on two ports.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining | System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    static float FmaChains(long iterations)
    {
        var a = Vector256.Create(0.999999f); var b = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = Vector256.Create(2f), c2 = Vector256.Create(3f), c3 = Vector256.Create(4f);
        Vector256<float> c4 = Vector256.Create(5f), c5 = Vector256.Create(6f), c6 = Vector256.Create(7f), c7 = Vector256.Create(8f);
        Vector256<float> c8 = Vector256.Create(9f), c9 = Vector256.Create(10f), c10 = Vector256.Create(11f), c11 = Vector256.Create(12f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(a, c0, b); c1 = Fma.MultiplyAdd(a, c1, b); c2 = Fma.MultiplyAdd(a, c2, b);
            c3 = Fma.MultiplyAdd(a, c3, b); c4 = Fma.MultiplyAdd(a, c4, b); c5 = Fma.MultiplyAdd(a, c5, b);
            c6 = Fma.MultiplyAdd(a, c6, b); c7 = Fma.MultiplyAdd(a, c7, b); c8 = Fma.MultiplyAdd(a, c8, b);
            c9 = Fma.MultiplyAdd(a, c9, b); c10 = Fma.MultiplyAdd(a, c10, b); c11 = Fma.MultiplyAdd(a, c11, b);
        }
        return (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).ToScalar();
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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
