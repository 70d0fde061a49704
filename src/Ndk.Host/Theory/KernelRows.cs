using System.Numerics;
using System.Runtime.CompilerServices;
using Ndk.Gpu;

namespace Ndk.Host.Theory;

/// <summary>
/// One row of the two-time kernels, x at time t against every column x' at time t', vectorised over the
/// columns with <see cref="Vector{T}"/>: the layer recursion of MODEL.md sec 4,
/// c^l = m(t,t') K^{l-1}, Ktilde^l = K^l + m(t,t') Kdot^l Ktilde^{l-1}, NDK = decay Ktilde^L, C = m(t,t') K^L.
/// Row and column points enter through their per-layer factors (<see cref="DiagonalTrack"/>). These are
/// off-diagonal formulas: where a row point meets itself at the same time the caller applies
/// <see cref="FixDiagonal"/>.
/// </summary>
internal static class KernelRows
{
    /// <summary>sum_b Ktilde^L(t,t',x,x'_b) w_b (multiply by the decay exp(-gamma (t - t')) for the NDK).</summary>
    public static double KtildeDot(Activation a, ReadOnlySpan<double> k0Row, double[] rowF, double[][] colF, double m12, ReadOnlySpan<double> w) => a switch
    {
        Activation.Linear => KtildeDot<LinearLayer>(k0Row, rowF, colF, m12, w),
        Activation.Relu => KtildeDot<ReluLayer>(k0Row, rowF, colF, m12, w),
        Activation.Erf => KtildeDot<ErfLayer>(k0Row, rowF, colF, m12, w),
        _ => throw LayerKernels.Unsupported(a),
    };

    /// <summary>ndk[b] = decay Ktilde^L, and cov[b] = m12 K^L unless cov is empty.</summary>
    public static void Row(Activation a, ReadOnlySpan<double> k0Row, double[] rowF, double[][] colF, double m12, double decay, Span<double> ndk, Span<double> cov)
    {
        switch (a)
        {
            case Activation.Linear: Row<LinearLayer>(k0Row, rowF, colF, m12, decay, ndk, cov); break;
            case Activation.Relu: Row<ReluLayer>(k0Row, rowF, colF, m12, decay, ndk, cov); break;
            case Activation.Erf: Row<ErfLayer>(k0Row, rowF, colF, m12, decay, ndk, cov); break;
            default: throw LayerKernels.Unsupported(a);
        }
    }

    /// <summary>
    /// At equal times, overwrite the entries where the column is the row's own input (equal K^0 values
    /// x.x' = x.x = x'.x' imply x = x') with the exact diagonal-path values.
    /// </summary>
    public static void FixDiagonal(ReadOnlySpan<double> k0Row, double rowK0, double[] colK0, double ndkDiag, double covDiag, Span<double> ndk, Span<double> cov)
    {
        for (int b = 0; b < k0Row.Length; b++)
        {
            if (k0Row[b] != rowK0 || colK0[b] != rowK0) continue;
            ndk[b] = ndkDiag;
            if (!cov.IsEmpty) cov[b] = covDiag;
        }
    }

    static double KtildeDot<TL>(ReadOnlySpan<double> k0Row, double[] rowF, double[][] colF, double m12, ReadOnlySpan<double> w) where TL : ILayerKernel
    {
        int p = k0Row.Length, width = Vector<double>.Count, depth = rowF.Length;
        Span<Vector<double>> rf = stackalloc Vector<double>[depth];
        for (int l = 0; l < depth; l++) rf[l] = new Vector<double>(rowF[l]);
        var vm = new Vector<double>(m12);
        var acc = Vector<double>.Zero;
        int b = 0;
        for (; b <= p - width; b += width)
        {
            var k = new Vector<double>(k0Row.Slice(b));
            var kt = k;
            for (int l = 0; l < depth; l++)
            {
                TL.Pair(vm * k, rf[l], new Vector<double>(colF[l], b), out var kl, out var kd);
                kt = Vector.FusedMultiplyAdd(vm * kd, kt, kl);
                k = kl;
            }
            acc = Vector.FusedMultiplyAdd(kt, new Vector<double>(w.Slice(b)), acc);
        }
        double sum = Vector.Sum(acc);
        for (; b < p; b++)
        {
            ScalarColumn<TL>(k0Row[b], rowF, colF, b, m12, out var kt, out _);
            sum += kt * w[b];
        }
        return sum;
    }

    static void Row<TL>(ReadOnlySpan<double> k0Row, double[] rowF, double[][] colF, double m12, double decay, Span<double> ndk, Span<double> cov) where TL : ILayerKernel
    {
        int p = k0Row.Length, width = Vector<double>.Count, depth = rowF.Length;
        bool withCov = !cov.IsEmpty;
        Span<Vector<double>> rf = stackalloc Vector<double>[depth];
        for (int l = 0; l < depth; l++) rf[l] = new Vector<double>(rowF[l]);
        var vm = new Vector<double>(m12);
        var vdecay = new Vector<double>(decay);
        int b = 0;
        for (; b <= p - width; b += width)
        {
            var k = new Vector<double>(k0Row.Slice(b));
            var kt = k;
            for (int l = 0; l < depth; l++)
            {
                TL.Pair(vm * k, rf[l], new Vector<double>(colF[l], b), out var kl, out var kd);
                kt = Vector.FusedMultiplyAdd(vm * kd, kt, kl);
                k = kl;
            }
            (vdecay * kt).CopyTo(ndk.Slice(b));
            if (withCov) (vm * k).CopyTo(cov.Slice(b));
        }
        for (; b < p; b++)
        {
            ScalarColumn<TL>(k0Row[b], rowF, colF, b, m12, out var kt, out var kL);
            ndk[b] = decay * kt;
            if (withCov) cov[b] = m12 * kL;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void ScalarColumn<TL>(double k0, double[] rowF, double[][] colF, int b, double m12, out double kt, out double k) where TL : ILayerKernel
    {
        k = k0;
        kt = k0;
        for (int l = 0; l < rowF.Length; l++)
        {
            TL.Pair(m12 * k, rowF[l], colF[l][b], out var kl, out var kd);
            kt = kl + m12 * kd * kt;
            k = kl;
        }
    }
}
