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
    /// <summary>
    /// (sum_b Ktilde^L(t,t',x,x'_b) w_j[b]) for three vectors w_j at once (multiply by the decay
    /// exp(-gamma (t - t')) for the NDK): one kernel evaluation serves the nested Richardson grids.
    /// </summary>
    public static Dots3 KtildeDots(Activation a, ReadOnlySpan<double> k0Row, double[] rowF, double[][] colF, double m12, double[] w0, double[] w1, double[] w2) => a switch
    {
        Activation.Linear => KtildeDots<LinearLayer>(k0Row, rowF, colF, m12, w0, w1, w2),
        Activation.Relu => KtildeDots<ReluLayer>(k0Row, rowF, colF, m12, w0, w1, w2),
        Activation.Erf => KtildeDots<ErfLayer>(k0Row, rowF, colF, m12, w0, w1, w2),
        _ => throw LayerKernels.Unsupported(a),
    };

    public readonly record struct Dots3(double D0, double D1, double D2)
    {
        public double this[int j] => j == 0 ? D0 : j == 1 ? D1 : D2;
    }

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

    /// <summary>
    /// The layer recursion of MODEL.md sec. 4 on one SIMD block of columns: K^l and Kdot^l from the layer
    /// below, Ktilde^l = K^l + m Kdot^l Ktilde^{l-1}. Returns Ktilde^L; <paramref name="kLast"/> is K^L.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<double> LayerStack<TL>(Vector<double> k0, ReadOnlySpan<Vector<double>> rowF, double[][] colF, int b, Vector<double> vm,
        out Vector<double> kLast) where TL : ILayerKernel
    {
        var k = k0;
        var kt = k0;
        for (int l = 0; l < rowF.Length; l++)
        {
            TL.Pair(vm * k, rowF[l], new Vector<double>(colF[l], b), out var kl, out var kd);
            kt = Vector.FusedMultiplyAdd(vm * kd, kt, kl);
            k = kl;
        }
        kLast = k;
        return kt;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip the unoptimised first JIT tier
    static Dots3 KtildeDots<TL>(ReadOnlySpan<double> k0Row, double[] rowF, double[][] colF, double m12, double[] w0, double[] v1, double[] v2) where TL : ILayerKernel
    {
        int p = k0Row.Length, width = Vector<double>.Count, depth = rowF.Length;
        Span<Vector<double>> rf = stackalloc Vector<double>[depth];
        for (int l = 0; l < depth; l++) rf[l] = new Vector<double>(rowF[l]);
        var vm = new Vector<double>(m12);
        Vector<double> acc0 = default, acc1 = default, acc2 = default;
        int b = 0;
        for (; b <= p - width; b += width)
        {
            var kt = LayerStack<TL>(new Vector<double>(k0Row.Slice(b)), rf, colF, b, vm, out _);
            acc0 = Vector.FusedMultiplyAdd(kt, new Vector<double>(w0, b), acc0);
            acc1 = Vector.FusedMultiplyAdd(kt, new Vector<double>(v1, b), acc1);
            acc2 = Vector.FusedMultiplyAdd(kt, new Vector<double>(v2, b), acc2);
        }
        double s0 = Vector.Sum(acc0), s1 = Vector.Sum(acc1), s2 = Vector.Sum(acc2);
        for (; b < p; b++)
        {
            ScalarColumn<TL>(k0Row[b], rowF, colF, b, m12, out var kt, out _);
            s0 += kt * w0[b];
            s1 += kt * v1[b];
            s2 += kt * v2[b];
        }
        return new Dots3(s0, s1, s2);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            var kt = LayerStack<TL>(new Vector<double>(k0Row.Slice(b)), rf, colF, b, vm, out var k);
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
