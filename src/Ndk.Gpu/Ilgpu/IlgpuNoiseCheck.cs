using ILGPU;
using ILGPU.Runtime;
using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Ilgpu;

/// <summary>
/// Runs <see cref="GaussianNoise.Normal4"/> inside a kernel on the backend's device and compares it with
/// managed code. On the CPU simulator the bits are identical. On CUDA they need not be: ILGPU maps
/// MathF.Log/Sin/Cos to the hardware approximations (lg2/sin/cos.approx.f32) and ptxas contracts
/// multiply-adds, so expect a few float32 ulps (about 1e-6 absolute); the Philox words are exact everywhere.
/// </summary>
public static class IlgpuNoiseCheck
{
    public sealed record Result(int Values, int BitIdentical, double MaxAbsDifference);

    static void Kernel(Index1D i, ArrayView<float> output, ulong seed)
    {
        GaussianNoise.Normal4(seed, GaussianNoise.LangevinStream, (uint)(i % 97), i / 97, (uint)i * 2654435761u,
            out float a, out float b, out float c, out float d);
        output[4 * i] = a; output[4 * i + 1] = b; output[4 * i + 2] = c; output[4 * i + 3] = d;
    }

    public static Result Run(IlgpuBackend backend, int blocks = 1 << 16, ulong seed = 42)
    {
        var acc = backend.Accelerator;
        var kernel = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ulong>(Kernel);
        using var buffer = acc.Allocate1D<float>(4L * blocks);
        kernel(blocks, buffer.View, seed);
        acc.Synchronize();
        var got = buffer.GetAsArray1D();
        int same = 0;
        double worst = 0;
        for (int i = 0; i < blocks; i++)
        {
            GaussianNoise.Normal4(seed, GaussianNoise.LangevinStream, (uint)(i % 97), i / 97, (uint)i * 2654435761u,
                out float a, out float b, out float c, out float d);
            float[] want = [a, b, c, d];
            for (int j = 0; j < 4; j++)
            {
                float g = got[4 * i + j];
                if (BitConverter.SingleToInt32Bits(g) == BitConverter.SingleToInt32Bits(want[j])) same++;
                worst = Math.Max(worst, Math.Abs((double)g - want[j]));
            }
        }
        return new Result(4 * blocks, same, worst);
    }
}
