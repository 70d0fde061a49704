using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ndk.Gpu.Cpu;

/// <summary>
/// Backward pass of one member on its P training points for E_data = 1/2 sum_mu (f_mu - y_mu)^2, after
/// <see cref="CpuForwardPass.Run"/> on the training columns: fills scratch.Residual, scratch.Delta[l]
/// = dE/dh^(l+1) (N x columns) and scratch.ReadoutGradient = dE/da. The weight gradients are the
/// rank-P products g^l = Delta[l] phi(h^l)^T / sqrt(fan-in), formed inside <see cref="LangevinUpdate"/>.
/// </summary>
internal static class CpuBackwardPass
{
    public static void Run<T>(CpuLayout layout, ReadOnlySpan<T> weights, ReadOnlySpan<float> labels, CpuScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Residual(layout, labels, scratch, scratch.Residual);
        ReadoutRows(layout, weights, scratch, scratch.Residual, 0, layout.Width);
        for (int l = layout.Depth - 1; l >= 1; l--) HiddenRows(layout, l, weights, scratch, 0, layout.Width);
    }

    /// <summary>r_mu = f_mu - y_mu on the training columns, 0 in the padding.</summary>
    public static void Residual<T>(CpuLayout layout, ReadOnlySpan<float> labels, CpuScratch<T> scratch, Span<T> r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = layout.TrainColumns, p = layout.TrainCount;
        for (int mu = 0; mu < c; mu++)
            r[mu] = mu < p ? scratch.Output[mu] - T.CreateChecked(labels[mu]) : T.Zero;
    }

    /// <summary>
    /// Rows [r0, r1) of the readout: dE/da_i = sum_mu r_mu phi(h^L_i,mu) / sqrt(N) and
    /// dE/dh^L_i,mu = a_i r_mu phi'(h^L_i,mu) / sqrt(N).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReadoutRows<T>(CpuLayout layout, ReadOnlySpan<T> weights, CpuScratch<T> scratch, ReadOnlySpan<T> residual, int r0, int r1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Width, c = layout.TrainColumns, L = layout.Depth;
        T invSqrtN = T.One / T.Sqrt(T.CreateChecked(n));
        var a = weights.Slice(layout.ReadoutOffset, n);
        var actL = scratch.Act[L - 1];
        var dL = scratch.Delta[L - 1];
        int vc = Vector256<T>.Count;
        ref T rr = ref MemoryMarshal.GetReference(residual);
        for (int i = r0; i < r1; i++)
        {
            var acc = Vector256<T>.Zero;
            var ai = Vector256.Create(a[i] * invSqrtN);
            ref T act = ref actL[i * c];
            ref T d = ref dL[i * c];
            for (int mu = 0; mu < c; mu += vc)
            {
                var rv = Vector256.LoadUnsafe(ref rr, (nuint)mu);
                acc = SimdMath.MulAdd(rv, Vector256.LoadUnsafe(ref act, (nuint)mu), acc);
                (ai * rv).StoreUnsafe(ref d, (nuint)mu);
            }
            scratch.ReadoutGradient[i] = Vector256.Sum(acc) * invSqrtN;
        }
        VectorActivations.MultiplyByDerivative<T>(layout.Activation, scratch.Pre[L - 1].AsSpan(r0 * c, (r1 - r0) * c), dL.AsSpan(r0 * c, (r1 - r0) * c));
    }

    /// <summary>Rows [r0, r1) of dE/dh^l = (W^(l+1))^T dE/dh^(l+1) / sqrt(N) * phi'(h^l), for 0-based l + 1 &gt;= 1.</summary>
    public static void HiddenRows<T>(CpuLayout layout, int l, ReadOnlySpan<T> weights, CpuScratch<T> scratch, int r0, int r1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Width, c = layout.TrainColumns;
        if (r1 <= r0) return;
        T invSqrtN = T.One / T.Sqrt(T.CreateChecked(n));
        var w = weights.Slice(layout.WeightOffset[l], n * n);
        var dPrev = scratch.Delta[l - 1].AsSpan(r0 * c, (r1 - r0) * c);
        BlockedMatrixProduct.ProductTNRows(n, n, r0, r1, c, w, scratch.Delta[l], dPrev, invSqrtN);
        VectorActivations.MultiplyByDerivative<T>(layout.Activation, scratch.Pre[l - 1].AsSpan(r0 * c, (r1 - r0) * c), dPrev);
    }
}
