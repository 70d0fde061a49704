using System.Numerics;
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
        for (int i0 = 0; i0 < n; i0 += rowsPerBatch)
        {
            int i1 = Math.Min(n, i0 + rowsPerBatch);
            int lead = FillNoise(off + i0 * k, (i1 - i0) * k, ctx, GaussianNoise.LangevinStream, noise);
            for (int i = i0; i < i1; i++)
            {
                var w = weights.Slice(off + i * k, k);
                var xi = noise.AsSpan(lead + (i - i0) * k, k);
                var gi = g.Slice(i * p, p);
                for (int j = 0; j < k; j++)
                {
                    T sum = T.Zero;
                    if (ctx.DataGradient)
                        for (int mu = 0; mu < p; mu++) sum += gi[mu] * belowT[mu * k + j];
                    w[j] = ctx.Decay * w[j] + sum + ctx.NoiseScale * T.CreateChecked(xi[j]);
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
