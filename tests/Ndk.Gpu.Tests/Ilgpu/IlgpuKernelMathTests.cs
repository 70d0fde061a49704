using ILGPU;
using ILGPU.Runtime;
using Ndk.Gpu.Ilgpu.Kernels;
using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Tests.Ilgpu;

/// <summary>The shared scalar code (Normal4, KernelNoise.At4, erf and phi') inside kernels equals managed code.</summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuKernelMathTests(IlgpuCpuFixture fixture)
{
    const ulong Seed = 0x9E3779B97F4A7C15ul;

    static uint UnitOf(int i) => (uint)(i % 7 * 1000003);
    static long StepOf(int i) => (long)(i / 7) * 7919 + ((i & 1) == 1 ? 1L << 33 : 0);
    static uint BlockOf(int i) => (uint)i * 2654435761u;

    static void NoiseKernel(Index1D i, ArrayView<float> output, ulong seed)
    {
        GaussianNoise.Normal4(seed, (uint)(i & 1), UnitOf(i), StepOf(i), BlockOf(i), out float a, out float b, out float c, out float d);
        output[4 * i] = a; output[4 * i + 1] = b; output[4 * i + 2] = c; output[4 * i + 3] = d;
    }

    static void At4Kernel(Index1D i, ArrayView<float> output, ulong seed)
    {
        KernelNoise.At4(seed, GaussianNoise.LangevinStream, 3, 11, i, out float a, out float b, out float c, out float d);
        output[4 * i] = a; output[4 * i + 1] = b; output[4 * i + 2] = c; output[4 * i + 3] = d;
    }

    static void ActivationKernel(Index1D i, ArrayView<float> x, ArrayView<float> output)
    {
        output[3 * i] = ActivationFunctions.Erf(x[i]);
        output[3 * i + 1] = ActivationFunctions.PhiPrime((int)Activation.Erf, x[i]);
        output[3 * i + 2] = ActivationFunctions.Phi((int)Activation.Relu, x[i]);
    }

    float[] Run(Action<Index1D, ArrayView<float>, ulong> kernel, int n)
    {
        var acc = fixture.Backend.Accelerator;
        var k = acc.LoadAutoGroupedStreamKernel(kernel);
        using var buffer = acc.Allocate1D<float>(4 * n);
        k(n, buffer.View, Seed);
        acc.Synchronize();
        return buffer.GetAsArray1D();
    }

    [Fact]
    public void Normal4InKernelEqualsManagedBitForBit()
    {
        const int n = 512;
        var got = Run(NoiseKernel, n);
        for (int i = 0; i < n; i++)
        {
            GaussianNoise.Normal4(Seed, (uint)(i & 1), UnitOf(i), StepOf(i), BlockOf(i), out float a, out float b, out float c, out float d);
            float[] want = [a, b, c, d];
            for (int j = 0; j < 4; j++)
                Assert.Equal(BitConverter.SingleToInt32Bits(want[j]), BitConverter.SingleToInt32Bits(got[4 * i + j]));
        }
    }

    [Fact]
    public void At4GivesParameterNoiseAtEveryAlignment()
    {
        const int n = 64;
        var got = Run(At4Kernel, n);
        for (int p0 = 0; p0 < n; p0++)
            for (int j = 0; j < 4; j++)
            {
                long p = p0 + j;
                GaussianNoise.Normal4(Seed, GaussianNoise.LangevinStream, 3, 11, (uint)(p / 4), out float a, out float b, out float c, out float d);
                float want = (p % 4) switch { 0 => a, 1 => b, 2 => c, _ => d };
                Assert.Equal(BitConverter.SingleToInt32Bits(want), BitConverter.SingleToInt32Bits(got[4 * p0 + j]));
            }
    }

    [Fact]
    public void KernelErfEqualsManagedErf()
    {
        var xs = Enumerable.Range(-600, 1201).Select(i => i / 100f).Concat([0f, -0f, 1e-30f, 30f, -30f]).ToArray();
        var acc = fixture.Backend.Accelerator;
        var k = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(ActivationKernel);
        using var x = acc.Allocate1D(xs);
        using var o = acc.Allocate1D<float>(3 * xs.Length);
        k(xs.Length, x.View, o.View);
        acc.Synchronize();
        var got = o.GetAsArray1D();
        for (int i = 0; i < xs.Length; i++)
        {
            // Bit-identical on the CPU simulator; a GPU's exp may differ in the last bits (bound 2e-6 there).
            Assert.Equal(ActivationFunctions.Erf(xs[i]), got[3 * i]);
            Assert.Equal(ActivationFunctions.PhiPrime((int)Activation.Erf, xs[i]), got[3 * i + 1]);
            Assert.Equal(ActivationFunctions.Phi((int)Activation.Relu, xs[i]), got[3 * i + 2]);
            // And the float erf is the double one to A&S accuracy.
            Assert.True(Math.Abs(got[3 * i] - ActivationFunctions.Erf((double)xs[i])) < 3e-7);
        }
    }
}
