using System.Numerics;
using System.Runtime.CompilerServices;
using Ndk.Gpu;

namespace Ndk.Host.Theory;

/// <summary>
/// One layer of the two-time kernel recursion (MODEL.md section 4), the only place its formulas live.
/// For (u, v) jointly Gaussian with Var u = q1, Var v = q2, Cov(u, v) = c:
/// <code>
///   K    = E[phi(u) phi(v)],   Kdot = E[phi'(u) phi'(v)],   rho = c / sqrt(q1 q2),  theta = arccos rho
///   relu:   K = sqrt(q1 q2)/(2 pi) (sin theta + (pi - theta) cos theta);   Kdot = (pi - theta)/(2 pi)
///   erf:    K = (2/pi) arcsin(2c / sqrt((1+2q1)(1+2q2)));   Kdot = (4/pi) / sqrt((1+2q1)(1+2q2) - 4c^2)
///   linear: K = c;   Kdot = 1
/// </code>
/// Each point enters only through a factor f(q) (relu: sqrt q; erf: 1/sqrt(1+2q)), so batched code
/// computes it once per point and time. Angles come from atan2 (theta = atan2(sqrt(q1 q2 - c^2), c),
/// arcsin z = atan2(z, sqrt(1 - z^2))), never from acos/asin of a rounded ratio. <see cref="ILayerKernel.Diagonal"/>
/// is the exact c = q1 = q2 path for an input meeting itself at the same time.
/// </summary>
internal interface ILayerKernel
{
    static abstract double Factor(double q);
    static abstract void Pair(double c, double f1, double f2, out double k, out double kdot);
    static abstract void Pair(Vector<double> c, Vector<double> f1, Vector<double> f2, out Vector<double> k, out Vector<double> kdot);
    static abstract void Diagonal(double q, out double k, out double kdot);
}

internal readonly struct LinearLayer : ILayerKernel
{
    public static double Factor(double q) => 1.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pair(double c, double f1, double f2, out double k, out double kdot) { k = c; kdot = 1.0; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pair(Vector<double> c, Vector<double> f1, Vector<double> f2, out Vector<double> k, out Vector<double> kdot)
    { k = c; kdot = Vector<double>.One; }

    public static void Diagonal(double q, out double k, out double kdot) { k = q; kdot = 1.0; }
}

internal readonly struct ReluLayer : ILayerKernel
{
    const double InvTwoPi = 1.0 / (2 * Math.PI);

    /// <summary>f = sqrt q, so f1 f2 = sqrt(q1 q2).</summary>
    public static double Factor(double q) => Math.Sqrt(Math.Max(q, 0.0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pair(double c, double f1, double f2, out double k, out double kdot)
    {
        double g = f1 * f2;
        double s = Math.Sqrt(Math.Max((g - c) * (g + c), 0.0)); // sqrt(q1 q2) sin theta
        double piMinusTheta = Math.PI - Math.Atan2(s, c);
        k = (s + piMinusTheta * c) * InvTwoPi;
        kdot = piMinusTheta * InvTwoPi;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pair(Vector<double> c, Vector<double> f1, Vector<double> f2, out Vector<double> k, out Vector<double> kdot)
    {
        var g = f1 * f2;
        var s = Vector.SquareRoot(Vector.MaxNative((g - c) * (g + c), Vector<double>.Zero));
        var piMinusTheta = new Vector<double>(Math.PI) - VectorMath.Atan2(s, c);
        var inv = new Vector<double>(InvTwoPi);
        k = Vector.FusedMultiplyAdd(piMinusTheta, c, s) * inv;
        kdot = piMinusTheta * inv;
    }

    public static void Diagonal(double q, out double k, out double kdot) { k = 0.5 * q; kdot = 0.5; }
}

internal readonly struct ErfLayer : ILayerKernel
{
    const double TwoOverPi = 2 / Math.PI;
    const double FourOverPi = 4 / Math.PI;

    /// <summary>f = 1/sqrt(1 + 2q), so 2c f1 f2 = 2c / sqrt((1+2q1)(1+2q2)).</summary>
    public static double Factor(double q) => 1.0 / Math.Sqrt(1.0 + 2.0 * q);

    // z = 2c f1 f2 lies strictly inside (-1, 1) since 4c^2 <= 4 q1 q2 < (1+2q1)(1+2q2); the clamps only
    // catch rounding. sqrt((1+2q1)(1+2q2) - 4c^2) = sqrt(1 - z^2) / (f1 f2).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pair(double c, double f1, double f2, out double k, out double kdot)
    {
        double f = f1 * f2;
        double z = Math.Clamp(2.0 * c * f, -1.0, 1.0);
        double r = Math.Max(Math.Sqrt((1.0 - z) * (1.0 + z)), double.Epsilon);
        k = TwoOverPi * Math.Atan2(z, r);
        kdot = FourOverPi * f / r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pair(Vector<double> c, Vector<double> f1, Vector<double> f2, out Vector<double> k, out Vector<double> kdot)
    {
        var one = Vector<double>.One;
        var f = f1 * f2;
        var z = Vector.MinNative(Vector.MaxNative(new Vector<double>(2.0) * c * f, -one), one);
        var r = Vector.MaxNative(Vector.SquareRoot((one - z) * (one + z)), new Vector<double>(double.Epsilon));
        k = new Vector<double>(TwoOverPi) * VectorMath.Atan2(z, r);
        kdot = new Vector<double>(FourOverPi) * f / r;
    }

    /// <summary>c = q: 2q/(1+2q) = sin(atan2(2q, sqrt(1+4q))) and (1+2q)^2 - 4q^2 = 1 + 4q exactly.</summary>
    public static void Diagonal(double q, out double k, out double kdot)
    {
        double r = Math.Sqrt(1.0 + 4.0 * q);
        k = TwoOverPi * Math.Atan2(2.0 * q, r);
        kdot = FourOverPi / r;
    }
}

/// <summary>Activation-dispatched scalar entry points to the layer formulas.</summary>
internal static class LayerKernels
{
    public static double Factor(Activation a, double q) => a switch
    {
        Activation.Linear => LinearLayer.Factor(q),
        Activation.Relu => ReluLayer.Factor(q),
        Activation.Erf => ErfLayer.Factor(q),
        _ => throw Unsupported(a),
    };

    /// <summary>(K, Kdot) for variances q1, q2 and covariance c.</summary>
    public static (double K, double Kdot) Pair(Activation a, double q1, double q2, double c)
    {
        double k, kd;
        switch (a)
        {
            case Activation.Linear: LinearLayer.Pair(c, 1, 1, out k, out kd); break;
            case Activation.Relu: ReluLayer.Pair(c, ReluLayer.Factor(q1), ReluLayer.Factor(q2), out k, out kd); break;
            case Activation.Erf: ErfLayer.Pair(c, ErfLayer.Factor(q1), ErfLayer.Factor(q2), out k, out kd); break;
            default: throw Unsupported(a);
        }
        return (k, kd);
    }

    /// <summary>(K, Kdot) on the diagonal path c = q1 = q2 = q.</summary>
    public static (double K, double Kdot) Diagonal(Activation a, double q)
    {
        double k, kd;
        switch (a)
        {
            case Activation.Linear: LinearLayer.Diagonal(q, out k, out kd); break;
            case Activation.Relu: ReluLayer.Diagonal(q, out k, out kd); break;
            case Activation.Erf: ErfLayer.Diagonal(q, out k, out kd); break;
            default: throw Unsupported(a);
        }
        return (k, kd);
    }

    public static NotSupportedException Unsupported(Activation a) =>
        new($"theory for {a.ToString().ToLowerInvariant()} is not implemented: only linear, relu and erf have closed-form kernels (MODEL.md sec 4)");
}
