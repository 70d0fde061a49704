using Ndk.Gpu.Cpu;

namespace Ndk.Gpu.Tests.Cpu;

/// <summary>float32 against float64 on the same noise: after 100 steps the outputs differ only by rounding.</summary>
public class CpuPrecisionTests
{
    // Stated bound: max |f_single - f_double| <= 1e-4 (1e-4 relative to the O(1) outputs) after 100 steps of
    // a relu L=2, N=64 network with dt = 0.01; float32 rounding is ~6e-8 per operation.
    const double Bound = 1e-4;

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Erf)]
    [InlineData(Activation.Tanh)]
    public void SingleAndDoubleAgreeAfter100Steps(Activation act)
    {
        double[] Run(Precision precision)
        {
            var setup = CpuTestSetups.Setup(n0: 20, width: 64, depth: 2, act: act, train: 8, size: 8, precision: precision);
            using var backend = new CpuBackend(2);
            using var sim = backend.Create(setup);
            sim.Advance(100);
            return CpuTestSetups.Outputs(sim);
        }
        var s = Run(Precision.Single);
        var d = Run(Precision.Double);
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < s.Length; i++) { maxDiff = Math.Max(maxDiff, Math.Abs(s[i] - d[i])); maxAbs = Math.Max(maxAbs, Math.Abs(d[i])); }
        Assert.True(maxDiff <= Bound, $"{act}: max |f32 - f64| = {maxDiff:E2} (max |f| = {maxAbs:F3})");
        Assert.True(maxDiff > 0, "float32 and float64 runs should not be bit-identical");
    }
}
