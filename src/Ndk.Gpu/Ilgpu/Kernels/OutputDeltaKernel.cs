using ILGPU;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>
/// The error signal entering the last hidden layer: delta^L[m, mu, i] = r[m, mu] * a[m, i] * scale * phi'(h^L[m, mu, i]),
/// in place over h^L. r = f - y (the residual), scale = 1/sqrt(N).
/// Index (P * N, E). dims: M = P, N = width, Activation. offsets: WStride, WOffset (start of a);
/// XBase/XStride: h^L; YStride: residual member stride (P).
/// </summary>
public static class OutputDeltaKernel
{
    public static void Run(Index2D index, ArrayView<float> w, ArrayView<float> hd, ArrayView<float> residual,
        KernelDims d, KernelOffsets o, float scale)
    {
        int member = index.Y;
        int mu = index.X / d.N, i = index.X - mu * d.N;
        long at = o.XBase + member * o.XStride + index.X;
        float a = w[member * o.WStride + o.WOffset + i];
        float r = residual[member * o.YStride + mu];
        hd[at] = r * a * scale * ActivationFunctions.PhiPrime(d.Activation, hd[at]);
    }
}
