using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ndk.Gpu.Cpu;

/// <summary>
/// phi and phi' over spans. Linear and relu are exact SIMD; erf and tanh call the scalar
/// <see cref="ActivationFunctions"/> (float or double) element by element, so every backend evaluates
/// the same formulas.
/// </summary>
internal static class VectorActivations
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Phi<T>(int activation, ReadOnlySpan<T> z, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (activation == (int)Activation.Linear) { z.CopyTo(result); return; }
        int i = 0;
        if (activation == (int)Activation.Relu)
        {
            ref T zr = ref MemoryMarshal.GetReference(z);
            ref T rr = ref MemoryMarshal.GetReference(result);
            for (; i + Vector256<T>.Count <= z.Length; i += Vector256<T>.Count)
                Vector256.Max(Vector256.LoadUnsafe(ref zr, (nuint)i), Vector256<T>.Zero).StoreUnsafe(ref rr, (nuint)i);
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
        if (activation == (int)Activation.Relu)
        {
            ref T zr = ref MemoryMarshal.GetReference(z);
            ref T vr = ref MemoryMarshal.GetReference(values);
            for (; i + Vector256<T>.Count <= z.Length; i += Vector256<T>.Count)
            {
                var pos = Vector256.GreaterThan(Vector256.LoadUnsafe(ref zr, (nuint)i), Vector256<T>.Zero);
                (Vector256.LoadUnsafe(ref vr, (nuint)i) & pos).StoreUnsafe(ref vr, (nuint)i);
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
}
