using ILGPU;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// The network output f[m, mu] = scale * sum_i a[m, i] phi(h^L)[m, mu, i], one group per (point, member),
/// grid (points, E), group G (a power of two, at most <see cref="MaxGroup"/>): strided partial sums, then a
/// tree reduction in shared memory. Writes out[m * YStride + YBase + mu] = f - labels[mu] when K = 1
/// (the residual of a training pass), or f when K = 0.
/// dims: M = points, N = width, K = subtract-labels flag. offsets: WStride, WOffset (start of a);
/// XBase/XStride: phi(h^L).
/// </summary>
public static class ReadoutKernel
{
    public const int MaxGroup = 256;

    public static void Run(ArrayView<float> w, ArrayView<float> phi, ArrayView<float> labels, ArrayView<float> output,
        KernelDims d, KernelOffsets o, float scale)
    {
        var partial = SharedMemory.Allocate<float>(MaxGroup);
        int mu = Grid.IdxX, member = Grid.IdxY;
        int t = Group.IdxX, g = Group.DimX;
        long aBase = member * o.WStride + o.WOffset;
        long hBase = o.XBase + member * o.XStride + (long)mu * d.N;
        float sum = 0f;
        for (int i = t; i < d.N; i += g)
            sum += w[aBase + i] * phi[hBase + i];
        partial[t] = sum;
        Group.Barrier();
        for (int half = g >> 1; half > 0; half >>= 1)
        {
            if (t < half) partial[t] += partial[t + half];
            Group.Barrier();
        }
        if (t == 0)
        {
            float f = partial[0] * scale;
            if (d.K != 0) f -= labels[mu];
            output[member * o.YStride + o.YBase + mu] = f;
        }
    }
}
