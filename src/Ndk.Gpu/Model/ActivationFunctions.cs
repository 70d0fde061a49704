using System.Runtime.CompilerServices;

namespace Ndk.Gpu;

/// <summary>
/// phi and phi' for every activation, as plain static scalar code so that the CPU backend and ILGPU
/// kernels evaluate the same formulas. The activation arrives as an int (ILGPU kernels take value
/// types; an enum cast keeps the switch cheap).
/// </summary>
public static class ActivationFunctions
{
    const float TwoOverSqrtPi = 1.12837916709551257390f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Phi(int activation, float z) => activation switch
    {
        (int)Activation.Relu => z > 0f ? z : 0f,
        (int)Activation.Erf => Erf(z),
        (int)Activation.Tanh => MathF.Tanh(z),
        _ => z,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float PhiPrime(int activation, float z)
    {
        switch (activation)
        {
            case (int)Activation.Relu: return z > 0f ? 1f : 0f;
            case (int)Activation.Erf: return TwoOverSqrtPi * MathF.Exp(-z * z);
            case (int)Activation.Tanh: { float t = MathF.Tanh(z); return 1f - t * t; }
            default: return 1f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Phi(int activation, double z) => activation switch
    {
        (int)Activation.Relu => z > 0 ? z : 0,
        (int)Activation.Erf => Erf(z),
        (int)Activation.Tanh => Math.Tanh(z),
        _ => z,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PhiPrime(int activation, double z)
    {
        switch (activation)
        {
            case (int)Activation.Relu: return z > 0 ? 1 : 0;
            case (int)Activation.Erf: return 1.12837916709551257390 * Math.Exp(-z * z);
            case (int)Activation.Tanh: { double t = Math.Tanh(z); return 1 - t * t; }
            default: return 1;
        }
    }

    /// <summary>
    /// erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7), written out so it runs
    /// inside ILGPU kernels, which have no erf.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Erf(float x)
    {
        float ax = MathF.Abs(x);
        float t = 1f / (1f + 0.3275911f * ax);
        float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
        float y = 1f - poly * MathF.Exp(-ax * ax);
        return x < 0f ? -y : y;
    }

    /// <summary>The same approximation in double (used by the float64 CPU path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        double t = 1 / (1 + 0.3275911 * ax);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double y = 1 - poly * Math.Exp(-ax * ax);
        return x < 0 ? -y : y;
    }
}
