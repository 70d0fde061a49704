using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ndk.Host.Theory;

/// <summary>
/// atan2 on <see cref="Vector{T}"/> lanes, to double precision (the BCL has no vector atan2). The
/// argument is reduced to |u| &lt;= tan(pi/8), and atan(u)/u is a degree-11 polynomial in z = u^2
/// (Estrin's scheme): the Chebyshev interpolant of atan(sqrt z)/sqrt z at 12 nodes on [0, tan^2(pi/8)],
/// computed in 60-digit decimal arithmetic and converted to monomials. Its relative error in exact
/// arithmetic is 4e-18, far below double rounding; the Taylor series needs 20 terms for the same range.
/// </summary>
internal static class VectorMath
{
    const double TanPiOver8 = 0.41421356237309504880;
    const double C0 = 1.0, C1 = -0.3333333333333312, C2 = 0.19999999999940893, C3 = -0.14285714279250245,
        C4 = 0.11111110744919658, C5 = -0.09090896809064027, C6 = 0.07692045330902225, C7 = -0.06662951813629191,
        C8 = 0.05846878297330872, C9 = -0.05035102456601552, C10 = 0.03796525745386593, C11 = -0.017805397205419446;

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
        return Vector.ConditionalSelect(Vector.IsNegative(y), -a, a);   // the sign bit: atan2(-0, -1) = -pi
    }

    /// <summary>sum_n C_n z^n by Estrin's scheme: a dependency chain of 5 operations instead of Horner's 11.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<double> Series(Vector<double> z)
    {
        var z2 = z * z;
        var z4 = z2 * z2;
        var z8 = z4 * z4;
        var q0 = P(P(C0, C1, z), P(C2, C3, z), z2);
        var q1 = P(P(C4, C5, z), P(C6, C7, z), z2);
        var q2 = P(P(C8, C9, z), P(C10, C11, z), z2);
        return Vector.FusedMultiplyAdd(q2, z8, Vector.FusedMultiplyAdd(q1, z4, q0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<double> P(double a, double b, Vector<double> z) => Vector.FusedMultiplyAdd(new Vector<double>(b), z, new Vector<double>(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<double> P(Vector<double> a, Vector<double> b, Vector<double> z) => Vector.FusedMultiplyAdd(b, z, a);
}
