using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ndk.Host.Theory;

/// <summary>
/// atan2 on <see cref="Vector{T}"/> lanes, to double precision (the BCL has no vector atan2). The
/// argument is reduced to |u| &lt;= tan(pi/8) and the Taylor series u - u^3/3 + u^5/5 - ... summed to
/// u^39/39: the alternating series' first omitted term, u^41/41 &lt; 6e-17 u, bounds the error.
/// </summary>
internal static class VectorMath
{
    const int Terms = 20;
    const double TanPiOver8 = 0.41421356237309504880;
    static readonly double[] AtanSeries = BuildSeries();

    static double[] BuildSeries()
    {
        var c = new double[Terms];
        for (int n = 0; n < Terms; n++) c[n] = (n % 2 == 0 ? 1.0 : -1.0) / (2 * n + 1);
        return c;
    }

    /// <summary>atan2(y, x) lane by lane, in (-pi, pi]; atan2(0, 0) = 0 like Math.Atan2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Atan2(Vector<double> y, Vector<double> x)
    {
        var ax = Vector.Abs(x);
        var ay = Vector.Abs(y);
        var hi = Vector.Max(ax, ay);
        var lo = Vector.Min(ax, ay);
        var r = Vector.ConditionalSelect(Vector.Equals(hi, Vector<double>.Zero), Vector<double>.Zero, lo / hi);
        var one = Vector<double>.One;
        var big = Vector.GreaterThan(r, new Vector<double>(TanPiOver8));
        var u = Vector.ConditionalSelect(big, (r - one) / (r + one), r);
        var u2 = u * u;
        var p = new Vector<double>(AtanSeries[Terms - 1]);
        for (int n = Terms - 2; n >= 0; n--) p = Vector.FusedMultiplyAdd(p, u2, new Vector<double>(AtanSeries[n]));
        var a = p * u;
        a = Vector.ConditionalSelect(big, a + new Vector<double>(Math.PI / 4), a);
        a = Vector.ConditionalSelect(Vector.GreaterThan(ay, ax), new Vector<double>(Math.PI / 2) - a, a);
        a = Vector.ConditionalSelect(Vector.LessThan(x, Vector<double>.Zero), new Vector<double>(Math.PI) - a, a);
        return Vector.ConditionalSelect(Vector.LessThan(y, Vector<double>.Zero), -a, a);
    }
}
