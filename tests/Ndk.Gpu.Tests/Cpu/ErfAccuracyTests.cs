using MathNet.Numerics;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>The kernel-friendly erf (A&amp;S 7.1.26) against MathNet's erf: max abs error &lt;= 1e-6 (float and double).</summary>
public class ErfAccuracyTests
{
    [Fact]
    public void ErfIsWithinOneMicro()
    {
        double maxF = 0, maxD = 0;
        for (int i = -80000; i <= 80000; i++)
        {
            double x = i * 1e-4;
            double exact = SpecialFunctions.Erf(x);
            maxD = Math.Max(maxD, Math.Abs(ActivationFunctions.Erf(x) - exact));
            maxF = Math.Max(maxF, Math.Abs(ActivationFunctions.Erf((float)x) - SpecialFunctions.Erf((float)x)));
        }
        Assert.True(maxD <= 1e-6, $"double erf max error {maxD:E2}");
        Assert.True(maxF <= 1e-6, $"float erf max error {maxF:E2}");
    }
}
