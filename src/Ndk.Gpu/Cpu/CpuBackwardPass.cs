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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(CpuLayout layout, ReadOnlySpan<T> weights, ReadOnlySpan<float> labels, CpuScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Width, c = layout.TrainColumns, p = layout.TrainCount, L = layout.Depth;
        T invSqrtN = T.One / T.Sqrt(T.CreateChecked(n));
        var r = scratch.Residual.AsSpan(0, c);
        for (int mu = 0; mu < c; mu++)
            r[mu] = mu < p ? scratch.Output[mu] - T.CreateChecked(labels[mu]) : T.Zero;

        // Readout: dE/da_i = sum_mu r_mu phi(h^L_i,mu) / sqrt(N); dE/dh^L_i,mu = a_i r_mu phi'(h^L_i,mu) / sqrt(N).
        var a = weights.Slice(layout.ReadoutOffset, n);
        var actL = scratch.Act[L - 1];
        var dL = scratch.Delta[L - 1];
        int vc = Vector256<T>.Count;
        ref T rr = ref MemoryMarshal.GetReference(r);
        for (int i = 0; i < n; i++)
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
        VectorActivations.MultiplyByDerivative<T>(layout.Activation, scratch.Pre[L - 1].AsSpan(0, n * c), dL.AsSpan(0, n * c));

        // Hidden layers: dE/dh^(l-1) = (W^l)^T dE/dh^l / sqrt(N) * phi'(h^(l-1)).
        for (int l = L - 1; l >= 1; l--)
        {
            var w = weights.Slice(layout.WeightOffset[l], n * n);
            var dPrev = scratch.Delta[l - 1].AsSpan(0, n * c);
            BlockedMatrixProduct.ProductTN(n, n, c, w, scratch.Delta[l], dPrev, invSqrtN);
            VectorActivations.MultiplyByDerivative<T>(layout.Activation, scratch.Pre[l - 1].AsSpan(0, n * c), dPrev);
        }
    }
}
