using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ndk.Gpu.Cpu;

/// <summary>Small Vector256 helpers shared by the kernels (T is float or double).</summary>
internal static class SimdMath
{
    /// <summary>a * b + c, fused where the hardware has FMA (products only; never used for the noise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MulAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float)) return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double)) return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }
        return Vector256.Add(Vector256.Multiply(a, b), c);
    }

    /// <summary>Loads Vector256&lt;T&gt;.Count noise floats as T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadNoise<T>(ref float src)
    {
        if (typeof(T) == typeof(float)) return Vector256.LoadUnsafe(ref src).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.WidenLower(Vector128.LoadUnsafe(ref src).ToVector256Unsafe()).As<double, T>();
        throw new NotSupportedException();
    }
}
