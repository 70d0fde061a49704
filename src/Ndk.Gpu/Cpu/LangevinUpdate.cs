using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    /// Updates W^(l+1) from scratch.Delta[l] = dE/dh^(l+1) (N x columns). belowT: the layer's inputs
    /// point-major (P rows, row stride <see cref="CpuLayout.PointMajorStride"/>).
    /// Rows go in batches of scratch.NoiseRows (their noise generated first, into L2); inside a batch,
    /// column strips of 3 vectors are outer so that the strip of belowT (P x 24 floats) stays in L1
    /// while every 4-row tile of the batch streams past it.
    /// Given a <paramref name="mirror"/> scratch, the odd member of an antithetic pair is updated too: its
    /// hidden weights draw the same noise, so each batch of normals is generated once for both (the
    /// noise is 40% of a step).
    /// </summary>
    public static void Layer<T>(CpuLayout layout, int l, Span<T> weights, ReadOnlySpan<T> belowT, in UpdateContext<T> ctx, CpuScratch<T> scratch,
        Span<T> mirrorWeights = default, ReadOnlySpan<T> mirrorBelowT = default, CpuScratch<T>? mirror = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Rows(layout, l, new Target<T>(weights, belowT, scratch.Delta[l], scratch),
            mirror == null ? default : new Target<T>(mirrorWeights, mirrorBelowT, mirror.Delta[l], mirror), ctx, scratch.Noise, 0, layout.Width);

    /// <summary>
    /// Rows [rowStart, rowEnd) of <see cref="Layer"/> for one member (rowStart a multiple of 4), drawing the
    /// noise into <paramref name="noise"/> (a worker's own buffer when rows are split between threads).
    /// </summary>
    public static void LayerRows<T>(CpuLayout layout, int l, Span<T> weights, ReadOnlySpan<T> belowT,
        in UpdateContext<T> ctx, CpuScratch<T> scratch, float[] noise, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Rows(layout, l, new Target<T>(weights, belowT, scratch.Delta[l], scratch), default, ctx, noise, rowStart, rowEnd);

    /// <summary>One member's arrays in an update: its weights, the layer's inputs and deltas, and its scratch (coefficients).</summary>
    readonly ref struct Target<T>(Span<T> weights, ReadOnlySpan<T> belowT, ReadOnlySpan<T> delta, CpuScratch<T>? scratch) where T : unmanaged
    {
        public readonly Span<T> Weights = weights;
        public readonly ReadOnlySpan<T> BelowT = belowT;
        public readonly ReadOnlySpan<T> Delta = delta;
        public readonly CpuScratch<T>? Scratch = scratch;
    }

    /// <summary>Rows [rowStart, rowEnd) for target a, and for b with the same noise unless b is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Rows<T>(CpuLayout layout, int l, in Target<T> a, in Target<T> b, in UpdateContext<T> ctx, float[] noise, int rowStart, int rowEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Width, k = layout.FanIn(l), c = layout.TrainColumns;
        int off = layout.WeightOffset[l];
        bool pair = b.Scratch != null;
        // Coefficients G_i,mu = -dt Delta_i,mu / sqrt(k), interleaved by row tiles: G[(i/4) 4C + 4 mu + i%4],
        // so that a tile's four coefficients of one mu are adjacent (one base register in the kernel).
        var coef = -ctx.Dt / T.Sqrt(T.CreateChecked(k));
        int gLength = CpuLayout.RoundUp(n, BlockedMatrixProduct.TileRows) * c;
        if (ctx.DataGradient)
        {
            Coefficients(coef, a.Delta, c, a.Scratch!.Coefficients.AsSpan(0, gLength), rowStart, rowEnd);
            if (pair) Coefficients(coef, b.Delta, c, b.Scratch!.Coefficients.AsSpan(0, gLength), rowStart, rowEnd);
        }
        int rowsPerBatch = a.Scratch!.NoiseRows;
        for (int i0 = rowStart; i0 < rowEnd; i0 += rowsPerBatch)
        {
            int i1 = Math.Min(rowEnd, i0 + rowsPerBatch);
            int lead = FillNoise(off + i0 * k, (i1 - i0) * k, ctx, GaussianNoise.LangevinStream, noise);
            Batch(layout, l, a, ctx, ref noise[lead], i0, i1);
            if (pair) Batch(layout, l, b, ctx, ref noise[lead], i0, i1);
        }
    }

    /// <summary>The fused update of rows [i0, i1) of one target, their noise at xi0 (row stride k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // not inlined (stackalloc): skip the first JIT tier
    static void Batch<T>(CpuLayout layout, int l, in Target<T> t, in UpdateContext<T> ctx, ref float xi0, int i0, int i1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = layout.FanIn(l), c = layout.TrainColumns, p = layout.TrainCount;
        int bs = layout.PointMajorStride(l);
        int off = layout.WeightOffset[l];
        bool data = ctx.DataGradient;
        const int TR = BlockedMatrixProduct.TileRows, TV = BlockedMatrixProduct.TileVectors;
        int vc = Vector256<T>.Count, vectors = k / vc, tailStart = vectors * vc;
        Span<Vector256<T>> tile = stackalloc Vector256<T>[TR * TV];
        ref T w0 = ref MemoryMarshal.GetReference(t.Weights);
        ref T g0 = ref t.Scratch!.Coefficients[0];
        ref T b0 = ref MemoryMarshal.GetReference(t.BelowT);
        for (int v0 = 0, tv; v0 < vectors; v0 += tv)
        {
            tv = BlockedMatrixProduct.TileWidth(vectors - v0);
            for (int r0 = i0; r0 < i1; r0 += TR)
            {
                int tr = Math.Min(TR, i1 - r0);
                if (tr == TR && tv == TV && data)
                {
                    Tile4x3(p, ref Unsafe.Add(ref g0, r0 * c), ref Unsafe.Add(ref b0, v0 * vc), bs, k,
                        ref Unsafe.Add(ref w0, off + r0 * k + v0 * vc), ref Unsafe.Add(ref xi0, (r0 - i0) * k + v0 * vc), in ctx);
                    continue;
                }
                if (data)
                    BlockedMatrixProduct.Tile(tr, tv, p, ref Unsafe.Add(ref g0, r0 * c), 1, TR, ref Unsafe.Add(ref b0, v0 * vc), bs, tile);
                var decay = Vector256.Create(ctx.Decay);
                var ns = Vector256.Create(ctx.NoiseScale);
                for (int r = 0; r < tr; r++)
                    for (int v = 0; v < tv; v++)
                    {
                        int j = (v0 + v) * vc;
                        nuint wi = (nuint)(off + (r0 + r) * k + j);
                        var acc = data ? tile[r * TV + v] : Vector256<T>.Zero;
                        var xi = SimdMath.LoadNoise<T>(ref Unsafe.Add(ref xi0, (r0 - i0 + r) * k + j));
                        (decay * Vector256.LoadUnsafe(ref w0, wi) + acc + ns * xi).StoreUnsafe(ref w0, wi);
                    }
            }
        }
        // Columns past the last whole vector (k not a multiple of the SIMD width, e.g. N0 = 50): the
        // products as one vector per row (belowT is zero-padded past k), the update lane by lane.
        if (tailStart < k)
            for (int r0 = i0; r0 < i1; r0 += TR)
            {
                int tr = Math.Min(TR, i1 - r0);
                if (data)
                    BlockedMatrixProduct.Tile(tr, 1, p, ref Unsafe.Add(ref g0, r0 * c), 1, TR, ref Unsafe.Add(ref b0, tailStart), bs, tile);
                for (int r = 0; r < tr; r++)
                {
                    var acc = data ? tile[r * TV] : Vector256<T>.Zero;
                    for (int j = tailStart; j < k; j++)
                    {
                        ref T wij = ref Unsafe.Add(ref w0, off + (r0 + r) * k + j);
                        wij = ctx.Decay * wij + acc[j - tailStart] + ctx.NoiseScale * T.CreateChecked(Unsafe.Add(ref xi0, (r0 - i0 + r) * k + j));
                    }
                }
            }
    }

    /// <summary>
    /// g[(i/4) 4c + 4 mu + i%4] = coef delta[i c + mu] for rows [r0, r1) (r0 a multiple of 4), all c columns
    /// (the padding columns of delta are zero). Float groups of four rows: eight columns at a time with a
    /// 4 x 8 transpose.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Coefficients<T>(T coef, ReadOnlySpan<T> delta, int c, Span<T> g, int r0, int r1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = r0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            ref float d = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(delta));
            ref float o = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(g));
            var cv = Vector256.Create(Unsafe.As<T, float>(ref coef));
            for (; i + 4 <= r1; i += 4)
                for (int mu = 0; mu < c; mu += 8)
                {
                    var z0 = cv * Vector256.LoadUnsafe(ref d, (nuint)(i * c + mu));
                    var z1 = cv * Vector256.LoadUnsafe(ref d, (nuint)((i + 1) * c + mu));
                    var z2 = cv * Vector256.LoadUnsafe(ref d, (nuint)((i + 2) * c + mu));
                    var z3 = cv * Vector256.LoadUnsafe(ref d, (nuint)((i + 3) * c + mu));
                    var t0 = Avx.UnpackLow(z0, z1); var t1 = Avx.UnpackHigh(z0, z1);
                    var t2 = Avx.UnpackLow(z2, z3); var t3 = Avx.UnpackHigh(z2, z3);
                    var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
                    var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
                    nuint at = (nuint)(i * c + 4 * mu);
                    Avx.Permute2x128(u0, u1, 0x20).StoreUnsafe(ref o, at);
                    Avx.Permute2x128(u2, u3, 0x20).StoreUnsafe(ref o, at + 8);
                    Avx.Permute2x128(u0, u1, 0x31).StoreUnsafe(ref o, at + 16);
                    Avx.Permute2x128(u2, u3, 0x31).StoreUnsafe(ref o, at + 24);
                }
        }
        for (; i < r1; i++)
        {
            int gb = (i / 4) * 4 * c + (i % 4);
            for (int mu = 0; mu < c; mu++) g[gb + 4 * mu] = coef * delta[i * c + mu];
        }
    }

    /// <summary>
    /// The fused update of a 4-row x 3-vector tile: acc = sum_mu G[r][mu] belowT[mu][j..], then
    /// w = decay w + acc + ns xi, straight from the registers. b has row stride bs, w and xi row stride k.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]   // see below
    static void Tile4x3<T>(int p, ref T g, ref T b, int bs, int k, ref T w, ref float xi, in UpdateContext<T> ctx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int vc = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector256<T> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        nint qb = 0, qg = 0;
        for (int q = 0; q < p; q++, qb += bs, qg += 4)
        {
            var b0 = Vector256.LoadUnsafe(ref b, (nuint)qb);
            var b1 = Vector256.LoadUnsafe(ref b, (nuint)(qb + vc));
            var b2 = Vector256.LoadUnsafe(ref b, (nuint)(qb + 2 * vc));
            var x = Vector256.Create(Unsafe.Add(ref g, qg));
            c00 = SimdMath.MulAdd(x, b0, c00); c01 = SimdMath.MulAdd(x, b1, c01); c02 = SimdMath.MulAdd(x, b2, c02);
            x = Vector256.Create(Unsafe.Add(ref g, qg + 1));
            c10 = SimdMath.MulAdd(x, b0, c10); c11 = SimdMath.MulAdd(x, b1, c11); c12 = SimdMath.MulAdd(x, b2, c12);
            x = Vector256.Create(Unsafe.Add(ref g, qg + 2));
            c20 = SimdMath.MulAdd(x, b0, c20); c21 = SimdMath.MulAdd(x, b1, c21); c22 = SimdMath.MulAdd(x, b2, c22);
            x = Vector256.Create(Unsafe.Add(ref g, qg + 3));
            c30 = SimdMath.MulAdd(x, b0, c30); c31 = SimdMath.MulAdd(x, b1, c31); c32 = SimdMath.MulAdd(x, b2, c32);
        }
        // decay and ns are materialised only now: inside the loop all 16 registers hold the tile. (Inlined
        // into its caller, the JIT merged them with the caller's copies, kept them live across the loop and
        // spilled two accumulators: 10% slower than the call.)
        var decay = Vector256.Create(ctx.Decay);
        var ns = Vector256.Create(ctx.NoiseScale);
        Apply(ref w, ref xi, 0, c00, decay, ns); Apply(ref w, ref xi, vc, c01, decay, ns); Apply(ref w, ref xi, 2 * vc, c02, decay, ns);
        Apply(ref w, ref xi, k, c10, decay, ns); Apply(ref w, ref xi, k + vc, c11, decay, ns); Apply(ref w, ref xi, k + 2 * vc, c12, decay, ns);
        Apply(ref w, ref xi, 2 * k, c20, decay, ns); Apply(ref w, ref xi, 2 * k + vc, c21, decay, ns); Apply(ref w, ref xi, 2 * k + 2 * vc, c22, decay, ns);
        Apply(ref w, ref xi, 3 * k, c30, decay, ns); Apply(ref w, ref xi, 3 * k + vc, c31, decay, ns); Apply(ref w, ref xi, 3 * k + 2 * vc, c32, decay, ns);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Apply<T>(ref T w, ref float xi, int at, Vector256<T> acc, Vector256<T> decay, Vector256<T> ns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = SimdMath.LoadNoise<T>(ref Unsafe.Add(ref xi, at));
        (decay * Vector256.LoadUnsafe(ref w, (nuint)at) + acc + ns * x).StoreUnsafe(ref w, (nuint)at);
    }

    /// <summary>
    /// Updates the readout a with its gradient scratch.ReadoutGradient; given a <paramref name="mirror"/>,
    /// also the pair's odd member from the same draw, with the noise's sign flipped.
    /// </summary>
    public static void Readout<T>(CpuLayout layout, Span<T> weights, in UpdateContext<T> ctx, CpuScratch<T> scratch,
        Span<T> mirrorWeights = default, CpuScratch<T>? mirror = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lead = FillNoise(layout.ReadoutOffset, layout.Width, ctx, GaussianNoise.LangevinStream, scratch.Noise);
        var xi = scratch.Noise.AsSpan(lead);
        ApplyReadout(layout, weights, ctx, scratch, ctx.MirrorReadout, xi);
        if (mirror != null) ApplyReadout(layout, mirrorWeights, ctx, mirror, !ctx.MirrorReadout, xi);
    }

    static void ApplyReadout<T>(CpuLayout layout, Span<T> weights, in UpdateContext<T> ctx, CpuScratch<T> scratch, bool mirror, ReadOnlySpan<float> xi)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = layout.Width;
        T ns = mirror ? -ctx.NoiseScale : ctx.NoiseScale;
        var a = weights.Slice(layout.ReadoutOffset, n);
        for (int i = 0; i < n; i++)
        {
            T grad = ctx.DataGradient ? ctx.Dt * scratch.ReadoutGradient[i] : T.Zero;
            a[i] = ctx.Decay * a[i] - grad + ns * T.CreateChecked(xi[i]);
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
