using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ndk.Gpu.Noise;

namespace Ndk.Gpu.Cpu;

/// <summary>The per-step constants of the update in the working precision, and whose noise to draw.</summary>
internal readonly struct UpdateContext<T> where T : unmanaged
{
    public required T Decay { get; init; }          // 1 - dt T / sigma^2
    public required T Dt { get; init; }
    public required T NoiseScale { get; init; }     // sqrt(2 T dt)
    public required ulong Seed { get; init; }
    public required uint Unit { get; init; }        // noise unit: member or pair index
    public required long Step { get; init; }        // the step being taken (k -> k+1)
    public required bool MirrorReadout { get; init; } // odd member of an antithetic pair
    public required bool DataGradient { get; init; }  // false: prior (OU) dynamics only
}

/// <summary>
/// The fused Langevin update theta &lt;- theta (1 - dt T/sigma^2) - dt g + sqrt(2 T dt) xi, in one pass over
/// each weight matrix: the rank-P gradient g_ij = sum_mu Delta_i,mu phi_j,mu / sqrt(fan-in) is formed
/// row block by row block together with the decay and the noise, which is generated for that row block.
/// </summary>
internal static class LangevinUpdate
{
    /// <summary>
    /// Updates W^(l+1). belowT: the layer's inputs point-major (P rows, row stride k = fan-in);
    /// delta: dE/dh^(l+1), N x columns.
    /// </summary>
    public static void Layer<T>(CpuLayout layout, int l, Span<T> weights, ReadOnlySpan<T> belowT,
        ReadOnlySpan<T> delta, in UpdateContext<T> ctx, CpuScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Width, k = layout.FanIn(l), c = layout.TrainColumns, p = layout.TrainCount;
        int off = layout.WeightOffset[l];
        // Coefficients G_i,mu = -dt Delta_i,mu / sqrt(k), N x P.
        var g = scratch.Coefficients.AsSpan(0, n * p);
        T coef = -ctx.Dt / T.Sqrt(T.CreateChecked(k));
        for (int i = 0; i < n; i++)
            for (int mu = 0; mu < p; mu++)
                g[i * p + mu] = coef * delta[i * c + mu];

        int rowsPerBatch = scratch.NoiseRows;
        var noise = scratch.Noise;
        int vc = Vector256<T>.Count, vectors = k / vc, tailStart = vectors * vc;
        Span<Vector256<T>> tile = stackalloc Vector256<T>[BlockedMatrixProduct.TileRows * BlockedMatrixProduct.TileVectors];
        var decay = Vector256.Create(ctx.Decay);
        var ns = Vector256.Create(ctx.NoiseScale);
        bool data = ctx.DataGradient;
        ref T w0 = ref MemoryMarshal.GetReference(weights);
        ref T g0 = ref MemoryMarshal.GetReference(g);
        ref T b0 = ref MemoryMarshal.GetReference(belowT);
        for (int i0 = 0; i0 < n; i0 += rowsPerBatch)
        {
            int i1 = Math.Min(n, i0 + rowsPerBatch);
            int lead = FillNoise(off + i0 * k, (i1 - i0) * k, ctx, GaussianNoise.LangevinStream, noise);
            ref float xi0 = ref noise[lead];
            for (int r0 = i0; r0 < i1; r0 += BlockedMatrixProduct.TileRows)
            {
                int tr = Math.Min(BlockedMatrixProduct.TileRows, i1 - r0);
                for (int v0 = 0; v0 < vectors; v0 += BlockedMatrixProduct.TileVectors)
                {
                    int tv = Math.Min(BlockedMatrixProduct.TileVectors, vectors - v0);
                    if (data)
                        BlockedMatrixProduct.Tile(tr, tv, p, ref Unsafe.Add(ref g0, r0 * p), p, 1, ref Unsafe.Add(ref b0, v0 * vc), k, tile);
                    for (int r = 0; r < tr; r++)
                        for (int v = 0; v < tv; v++)
                        {
                            int j = (v0 + v) * vc;
                            nuint wi = (nuint)(off + (r0 + r) * k + j);
                            var acc = data ? tile[r * BlockedMatrixProduct.TileVectors + v] : Vector256<T>.Zero;
                            var xi = SimdMath.LoadNoise<T>(ref Unsafe.Add(ref xi0, (r0 - i0 + r) * k + j));
                            (decay * Vector256.LoadUnsafe(ref w0, wi) + acc + ns * xi).StoreUnsafe(ref w0, wi);
                        }
                }
                for (int r = r0; r < r0 + tr; r++)
                    for (int j = tailStart; j < k; j++)
                    {
                        T sum = T.Zero;
                        if (data)
                            for (int mu = 0; mu < p; mu++) sum += g[r * p + mu] * belowT[mu * k + j];
                        ref T wij = ref Unsafe.Add(ref w0, off + r * k + j);
                        wij = ctx.Decay * wij + sum + ctx.NoiseScale * T.CreateChecked(Unsafe.Add(ref xi0, (r - i0) * k + j));
                    }
            }
        }
    }

    /// <summary>Updates the readout a with its gradient scratch.ReadoutGradient.</summary>
    public static void Readout<T>(CpuLayout layout, Span<T> weights, in UpdateContext<T> ctx, CpuScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Width, off = layout.ReadoutOffset;
        var noise = scratch.Noise;
        int lead = FillNoise(off, n, ctx, GaussianNoise.LangevinStream, noise);
        T ns = ctx.MirrorReadout ? -ctx.NoiseScale : ctx.NoiseScale;
        var a = weights.Slice(off, n);
        for (int i = 0; i < n; i++)
        {
            T grad = ctx.DataGradient ? ctx.Dt * scratch.ReadoutGradient[i] : T.Zero;
            a[i] = ctx.Decay * a[i] - grad + ns * T.CreateChecked(noise[lead + i]);
        }
    }

    /// <summary>
    /// Writes the normals of parameters [first, first + count) of the context's unit and step to
    /// noise[lead ..], returning lead = first mod 4 (the draws come in aligned blocks of four).
    /// </summary>
    public static int FillNoise<T>(int first, int count, in UpdateContext<T> ctx, uint stream, float[] noise) where T : unmanaged
        => FillNoise(ctx.Seed, stream, ctx.Unit, ctx.Step, first, count, noise);

    public static int FillNoise(ulong seed, uint stream, uint unit, long step, int first, int count, float[] noise)
    {
        int lead = first & 3;
        int len = CpuLayout.RoundUp(lead + count, 4);
        GaussianNoiseSimd.Fill(seed, stream, unit, step, (uint)(first >> 2), noise.AsSpan(0, len));
        return lead;
    }
}
