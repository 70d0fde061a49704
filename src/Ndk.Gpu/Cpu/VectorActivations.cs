using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ndk.Gpu.Cpu;

/// <summary>phi and phi' over spans, by <see cref="ActivationFunctions"/> (float or double).</summary>
internal static class VectorActivations
{
    public static void Phi<T>(int activation, ReadOnlySpan<T> z, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var zs = MemoryMarshal.Cast<T, float>(z); var rs = MemoryMarshal.Cast<T, float>(result);
            for (int i = 0; i < zs.Length; i++) rs[i] = ActivationFunctions.Phi(activation, zs[i]);
        }
        else
        {
            var zs = MemoryMarshal.Cast<T, double>(z); var rs = MemoryMarshal.Cast<T, double>(result);
            for (int i = 0; i < zs.Length; i++) rs[i] = ActivationFunctions.Phi(activation, zs[i]);
        }
    }

    /// <summary>values[i] *= phi'(z[i]).</summary>
    public static void MultiplyByDerivative<T>(int activation, ReadOnlySpan<T> z, Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var zs = MemoryMarshal.Cast<T, float>(z); var vs = MemoryMarshal.Cast<T, float>(values);
            for (int i = 0; i < zs.Length; i++) vs[i] *= ActivationFunctions.PhiPrime(activation, zs[i]);
        }
        else
        {
            var zs = MemoryMarshal.Cast<T, double>(z); var vs = MemoryMarshal.Cast<T, double>(values);
            for (int i = 0; i < zs.Length; i++) vs[i] *= ActivationFunctions.PhiPrime(activation, zs[i]);
        }
    }
}
