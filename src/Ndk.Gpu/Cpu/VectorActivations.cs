using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ndk.Gpu.Cpu;

/// <summary>
/// phi and phi' over spans, the formulas of <see cref="ActivationFunctions"/> in SIMD. Linear and relu
/// are exact; erf (A&amp;S 7.1.26) and tanh use Vector256.Exp, which differs from MathF.Exp/Math.Exp by
/// about 1e-7 relative in float (1e-16 in double), so they agree with the scalar functions to that level
/// (tanh as (1 - e)/(1 + e), e = exp(-2|z|): absolute error ~1e-7 in float). Remainders shorter than a
/// vector go through the scalar functions.
/// </summary>
internal static class VectorActivations
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Phi<T>(int activation, ReadOnlySpan<T> z, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (activation == (int)Activation.Linear) { z.CopyTo(result); return; }
        int i = 0;
        {
            ref T zr = ref MemoryMarshal.GetReference(z);
            ref T rr = ref MemoryMarshal.GetReference(result);
            if (activation == (int)Activation.Relu)
                for (; i + Vector256<T>.Count <= z.Length; i += Vector256<T>.Count)
                    Vector256.Max(Vector256.LoadUnsafe(ref zr, (nuint)i), Vector256<T>.Zero).StoreUnsafe(ref rr, (nuint)i);
            else if (activation == (int)Activation.Erf)
                for (; i + Vector256<T>.Count <= z.Length; i += Vector256<T>.Count)
                    Erf(Vector256.LoadUnsafe(ref zr, (nuint)i)).StoreUnsafe(ref rr, (nuint)i);
            else if (activation == (int)Activation.Tanh)
                for (; i + Vector256<T>.Count <= z.Length; i += Vector256<T>.Count)
                    Tanh(Vector256.LoadUnsafe(ref zr, (nuint)i)).StoreUnsafe(ref rr, (nuint)i);
        }
        if (typeof(T) == typeof(float))
        {
            var zs = MemoryMarshal.Cast<T, float>(z); var rs = MemoryMarshal.Cast<T, float>(result);
            for (; i < zs.Length; i++) rs[i] = ActivationFunctions.Phi(activation, zs[i]);
        }
        else
        {
            var zs = MemoryMarshal.Cast<T, double>(z); var rs = MemoryMarshal.Cast<T, double>(result);
            for (; i < zs.Length; i++) rs[i] = ActivationFunctions.Phi(activation, zs[i]);
        }
    }

    /// <summary>values[i] *= phi'(z[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyByDerivative<T>(int activation, ReadOnlySpan<T> z, Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (activation == (int)Activation.Linear) return;
        int i = 0;
        {
            ref T zr = ref MemoryMarshal.GetReference(z);
            ref T vr = ref MemoryMarshal.GetReference(values);
            if (activation == (int)Activation.Relu)
                for (; i + Vector256<T>.Count <= z.Length; i += Vector256<T>.Count)
                {
                    var pos = Vector256.GreaterThan(Vector256.LoadUnsafe(ref zr, (nuint)i), Vector256<T>.Zero);
                    (Vector256.LoadUnsafe(ref vr, (nuint)i) & pos).StoreUnsafe(ref vr, (nuint)i);
                }
            else if (activation == (int)Activation.Erf)
            {
                var c = Vector256.Create(T.CreateChecked(1.12837916709551257390));
                for (; i + Vector256<T>.Count <= z.Length; i += Vector256<T>.Count)
                {
                    var zv = Vector256.LoadUnsafe(ref zr, (nuint)i);
                    (Vector256.LoadUnsafe(ref vr, (nuint)i) * (c * Exp(-(zv * zv)))).StoreUnsafe(ref vr, (nuint)i);
                }
            }
            else if (activation == (int)Activation.Tanh)
                for (; i + Vector256<T>.Count <= z.Length; i += Vector256<T>.Count)
                {
                    var t = Tanh(Vector256.LoadUnsafe(ref zr, (nuint)i));
                    (Vector256.LoadUnsafe(ref vr, (nuint)i) * (Vector256<T>.One - t * t)).StoreUnsafe(ref vr, (nuint)i);
                }
        }
        if (typeof(T) == typeof(float))
        {
            var zs = MemoryMarshal.Cast<T, float>(z); var vs = MemoryMarshal.Cast<T, float>(values);
            for (; i < zs.Length; i++) vs[i] *= ActivationFunctions.PhiPrime(activation, zs[i]);
        }
        else
        {
            var zs = MemoryMarshal.Cast<T, double>(z); var vs = MemoryMarshal.Cast<T, double>(values);
            for (; i < zs.Length; i++) vs[i] *= ActivationFunctions.PhiPrime(activation, zs[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> Exp<T>(Vector256<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector256.Exp(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Exp(x.AsDouble()).As<double, T>();
        throw new NotSupportedException();
    }

    /// <summary>erf by A&amp;S 7.1.26, as <see cref="ActivationFunctions.Erf(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> Erf<T>(Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ax = Vector256.Abs(x);
        var one = Vector256<T>.One;
        var t = one / (one + Vector256.Create(T.CreateChecked(0.3275911)) * ax);
        var poly = t * (Vector256.Create(T.CreateChecked(0.254829592)) + t * (Vector256.Create(T.CreateChecked(-0.284496736))
            + t * (Vector256.Create(T.CreateChecked(1.421413741)) + t * (Vector256.Create(T.CreateChecked(-1.453152027))
            + t * Vector256.Create(T.CreateChecked(1.061405429))))));
        var y = one - poly * Exp(-(ax * ax));
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -y, y);
    }

    /// <summary>tanh z = sign(z) (1 - e)/(1 + e), e = exp(-2|z|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> Tanh<T>(Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = Vector256<T>.One;
        var ax = Vector256.Abs(x);
        var e = Exp(-(ax + ax));
        var y = (one - e) / (one + e);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -y, y);
    }
}
