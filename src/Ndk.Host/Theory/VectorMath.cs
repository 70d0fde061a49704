using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ndk.Host.Theory;

/// <summary>
/// atan2 on <see cref="Vector{T}"/> lanes, to double precision (the BCL has no vector atan2). The
/// argument is reduced to |u| &lt;= tan(pi/8) and the Taylor series u - u^3/3 + u^5/5 - ... summed to
/// u^39/39 (Estrin's scheme): the alternating series' first omitted term, u^41/41 &lt; 6e-17 u, bounds the error.
/// </summary>
internal static class VectorMath
{
    const double TanPiOver8 = 0.41421356237309504880;
    // (-1)^n / (2n + 1), n = 0..19
    const double C0 = 1.0, C1 = -1.0 / 3, C2 = 1.0 / 5, C3 = -1.0 / 7, C4 = 1.0 / 9, C5 = -1.0 / 11, C6 = 1.0 / 13,
        C7 = -1.0 / 15, C8 = 1.0 / 17, C9 = -1.0 / 19, C10 = 1.0 / 21, C11 = -1.0 / 23, C12 = 1.0 / 25, C13 = -1.0 / 27,
        C14 = 1.0 / 29, C15 = -1.0 / 31, C16 = 1.0 / 33, C17 = -1.0 / 35, C18 = 1.0 / 37, C19 = -1.0 / 39;

    /// <summary>atan2(y, x) lane by lane, in (-pi, pi]; atan2(0, 0) = 0 like Math.Atan2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Atan2(Vector<double> y, Vector<double> x)
    {
        var ax = Vector.Abs(x);
        var ay = Vector.Abs(y);
        var hi = Vector.MaxNative(ax, ay);
        var lo = Vector.MinNative(ax, ay);
        // lo/hi > tan(pi/8): atan(lo/hi) = pi/4 + atan((lo - hi)/(lo + hi)), so one division either way
        var big = Vector.GreaterThan(lo, new Vector<double>(TanPiOver8) * hi);
        var num = Vector.ConditionalSelect(big, lo - hi, lo);
        var den = Vector.ConditionalSelect(big, lo + hi, hi);
        var u = Vector.ConditionalSelect(Vector.Equals(hi, Vector<double>.Zero), Vector<double>.Zero, num / den);
        var a = Series(u * u) * u;
        a = Vector.ConditionalSelect(big, a + new Vector<double>(Math.PI / 4), a);
        a = Vector.ConditionalSelect(Vector.GreaterThan(ay, ax), new Vector<double>(Math.PI / 2) - a, a);
        a = Vector.ConditionalSelect(Vector.LessThan(x, Vector<double>.Zero), new Vector<double>(Math.PI) - a, a);
        return Vector.ConditionalSelect(Vector.LessThan(y, Vector<double>.Zero), -a, a);
    }

    /// <summary>sum_n C_n z^n by Estrin's scheme: a dependency chain of about 6 operations instead of Horner's 19.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<double> Series(Vector<double> z)
    {
        var z2 = z * z;
        var z4 = z2 * z2;
        var z8 = z4 * z4;
        var z16 = z8 * z8;
        var f0 = P(P(C0, C1, z), P(C2, C3, z), z2);
        var f1 = P(P(C4, C5, z), P(C6, C7, z), z2);
        var f2 = P(P(C8, C9, z), P(C10, C11, z), z2);
        var f3 = P(P(C12, C13, z), P(C14, C15, z), z2);
        var f4 = P(P(C16, C17, z), P(C18, C19, z), z2);
        var low = Vector.FusedMultiplyAdd(Vector.FusedMultiplyAdd(f3, z4, f2), z8, Vector.FusedMultiplyAdd(f1, z4, f0));
        return Vector.FusedMultiplyAdd(f4, z16, low);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<double> P(double a, double b, Vector<double> z) => Vector.FusedMultiplyAdd(new Vector<double>(b), z, new Vector<double>(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<double> P(Vector<double> a, Vector<double> b, Vector<double> z) => Vector.FusedMultiplyAdd(b, z, a);
}
