using Ndk.Gpu.Cpu;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>The SIMD activations against the scalar <see cref="ActivationFunctions"/> they vectorise.</summary>
public class VectorActivationsTests
{
    [Theory]
    [InlineData(Activation.Linear, 0.0, 0.0)]
    [InlineData(Activation.Relu, 0.0, 0.0)]
    [InlineData(Activation.Erf, 4e-7, 1e-15)] // float: 2 ulp of 1 observed (exp differs by 1-2 ulp)
    [InlineData(Activation.Tanh, 4e-7, 1e-15)]
    public void MatchScalarFunctions(Activation act, double floatTol, double doubleTol)
    {
        const int n = 8 * 1500;
        var zf = new float[n]; var zd = new double[n];
        for (int i = 0; i < n; i++) { zd[i] = (i - n / 2) * 1e-3 + 1e-4; zf[i] = (float)zd[i]; }
        var pf = new float[n]; var pd = new double[n];
        VectorActivations.Phi<float>((int)act, zf, pf);
        VectorActivations.Phi<double>((int)act, zd, pd);
        var df = new float[n]; var dd = new double[n];
        Array.Fill(df, 1f); Array.Fill(dd, 1.0);
        VectorActivations.MultiplyByDerivative<float>((int)act, zf, df);
        VectorActivations.MultiplyByDerivative<double>((int)act, zd, dd);
        double ef = 0, ed = 0;
        for (int i = 0; i < n; i++)
        {
            ef = Math.Max(ef, Math.Abs(pf[i] - ActivationFunctions.Phi((int)act, zf[i])));
            ef = Math.Max(ef, Math.Abs(df[i] - ActivationFunctions.PhiPrime((int)act, zf[i])));
            ed = Math.Max(ed, Math.Abs(pd[i] - ActivationFunctions.Phi((int)act, zd[i])));
            ed = Math.Max(ed, Math.Abs(dd[i] - ActivationFunctions.PhiPrime((int)act, zd[i])));
        }
        Assert.True(ef <= floatTol, $"{act} float: max |simd - scalar| = {ef:E2}");
        Assert.True(ed <= doubleTol, $"{act} double: max |simd - scalar| = {ed:E2}");
    }
}
