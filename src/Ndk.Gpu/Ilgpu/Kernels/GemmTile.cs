using System.Runtime.CompilerServices;
using ILGPU;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>A thread's 8 x 8 micro-tile of accumulators (C[row][column]), kept in registers.</summary>
public struct Micro8x8
{
    public float C00, C01, C02, C03, C04, C05, C06, C07;
    public float C10, C11, C12, C13, C14, C15, C16, C17;
    public float C20, C21, C22, C23, C24, C25, C26, C27;
    public float C30, C31, C32, C33, C34, C35, C36, C37;
    public float C40, C41, C42, C43, C44, C45, C46, C47;
    public float C50, C51, C52, C53, C54, C55, C56, C57;
    public float C60, C61, C62, C63, C64, C65, C66, C67;
    public float C70, C71, C72, C73, C74, C75, C76, C77;
}

/// <summary>
/// The shared core of the three batched matrix products (forward, backward, gradient):
/// C[m, n] = sum_k A(m, k) B(k, n) for one group's 8T x 8T output tile. The group is T x T threads
/// (T = <typeparamref name="TTile"/>, a compile-time constant so that every offset folds); thread (tx, ty)
/// accumulates rows 8 ty .. 8 ty + 7 and columns 8 tx .. 8 tx + 7 (two aligned quads of consecutive
/// parameters for the Langevin noise). A(m, k) = a[aBase + m aSm + k aSk], B(k, n) = b[bBase + k bSk + n bSn].
/// Each K slice of T stages A (8T x T) and B (T x 8T) in dynamic shared memory (<see cref="SharedFloats"/>):
/// A k-major with pitch 8T + 1 (so loads along k do not conflict; a warp reads two broadcast rows);
/// B k-major with the columns of one thread spread T + 1 apart (column n at (n mod 8)(T + 1) + n / 8), so that
/// the 16 threads of a half-warp read 16 consecutive banks; pitch 8(T + 1) + 1.
/// Loads are coalesced along whichever index is contiguous in memory (aKContig / bKContig); out-of-range
/// elements load as 0. Per k: 16 shared loads feed 64 multiply-adds.
/// </summary>
public static class GemmTile
{
    public const int Rows = 8;

    /// <summary>Shared floats a launch with group side T needs.</summary>
    public static int SharedFloats(int tile) => tile * ((8 * tile + 1) + (8 * (tile + 1) + 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accumulate<TTile>(
        ArrayView<float> a, long aBase, long aSm, long aSk, bool aKContig,
        ArrayView<float> b, long bBase, long bSk, long bSn, bool bKContig,
        int rows, int cols, int depth, int m0, int n0,
        ArrayView<float> shared, ref Micro8x8 c)
        where TTile : struct, ITileSize
    {
        Accumulate(default(TTile).Log, a, aBase, aSm, aSk, aKContig, b, bBase, bSk, bSn, bKContig,
            rows, cols, depth, m0, n0, shared, ref c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Accumulate(int logTile,
        ArrayView<float> a, long aBase, long aSm, long aSk, bool aKContig,
        ArrayView<float> b, long bBase, long bSk, long bSn, bool bKContig,
        int rows, int cols, int depth, int m0, int n0,
        ArrayView<float> shared, ref Micro8x8 c)
    {
        int TileSide = 1 << logTile;
        int wide = TileSide << 3;                 // 8T
        int pitchA = wide + 1;
        int pitchB = 8 * (TileSide + 1) + 1;
        int bShared = TileSide * pitchA;          // start of the B slice
        int tx = Group.IdxX, ty = Group.IdxY;
        int tid = (ty << logTile) + tx;
        int groupSize = TileSide * TileSide;

        for (int k0 = 0; k0 < depth; k0 += TileSide)
        {
            // Stage A (8T x T) and B (T x 8T): 8 elements each per thread.
            for (int r = 0; r < 8; r++)
            {
                int e = tid + r * groupSize;
                int kk, mm;
                if (aKContig) { kk = e & (TileSide - 1); mm = e >> logTile; }
                else { mm = e & (wide - 1); kk = e >> (logTile + 3); }
                int gm = m0 + mm, gk = k0 + kk;
                float va = 0f;
                if (gm < rows && gk < depth) va = a[aBase + gm * aSm + gk * aSk];
                shared[kk * pitchA + mm] = va;

                int nn;
                if (bKContig) { kk = e & (TileSide - 1); nn = e >> logTile; }
                else { nn = e & (wide - 1); kk = e >> (logTile + 3); }
                int gn = n0 + nn;
                gk = k0 + kk;
                float vb = 0f;
                if (gn < cols && gk < depth) vb = b[bBase + gk * bSk + gn * bSn];
                shared[bShared + kk * pitchB + (nn & 7) * (TileSide + 1) + (nn >> 3)] = vb;
            }
            Group.Barrier();

            int kEnd = depth - k0 < TileSide ? depth - k0 : TileSide;
            int ia = ty << 3, ib = bShared + tx;
            for (int kk = 0; kk < kEnd; kk++)
            {
                // Sub-views make the loads constant offsets from one address each.
                var sa = shared.SubView(ia, 8);
                var sb = shared.SubView(ib, 7 * (TileSide + 1) + 1);
                float a0 = sa[0], a1 = sa[1], a2 = sa[2], a3 = sa[3], a4 = sa[4], a5 = sa[5], a6 = sa[6], a7 = sa[7];
                float b0 = sb[0 * (TileSide + 1)], b1 = sb[1 * (TileSide + 1)], b2 = sb[2 * (TileSide + 1)], b3 = sb[3 * (TileSide + 1)], b4 = sb[4 * (TileSide + 1)], b5 = sb[5 * (TileSide + 1)], b6 = sb[6 * (TileSide + 1)], b7 = sb[7 * (TileSide + 1)];
                c.C00 += a0 * b0; c.C01 += a0 * b1; c.C02 += a0 * b2; c.C03 += a0 * b3; c.C04 += a0 * b4; c.C05 += a0 * b5; c.C06 += a0 * b6; c.C07 += a0 * b7;
                c.C10 += a1 * b0; c.C11 += a1 * b1; c.C12 += a1 * b2; c.C13 += a1 * b3; c.C14 += a1 * b4; c.C15 += a1 * b5; c.C16 += a1 * b6; c.C17 += a1 * b7;
                c.C20 += a2 * b0; c.C21 += a2 * b1; c.C22 += a2 * b2; c.C23 += a2 * b3; c.C24 += a2 * b4; c.C25 += a2 * b5; c.C26 += a2 * b6; c.C27 += a2 * b7;
                c.C30 += a3 * b0; c.C31 += a3 * b1; c.C32 += a3 * b2; c.C33 += a3 * b3; c.C34 += a3 * b4; c.C35 += a3 * b5; c.C36 += a3 * b6; c.C37 += a3 * b7;
                c.C40 += a4 * b0; c.C41 += a4 * b1; c.C42 += a4 * b2; c.C43 += a4 * b3; c.C44 += a4 * b4; c.C45 += a4 * b5; c.C46 += a4 * b6; c.C47 += a4 * b7;
                c.C50 += a5 * b0; c.C51 += a5 * b1; c.C52 += a5 * b2; c.C53 += a5 * b3; c.C54 += a5 * b4; c.C55 += a5 * b5; c.C56 += a5 * b6; c.C57 += a5 * b7;
                c.C60 += a6 * b0; c.C61 += a6 * b1; c.C62 += a6 * b2; c.C63 += a6 * b3; c.C64 += a6 * b4; c.C65 += a6 * b5; c.C66 += a6 * b6; c.C67 += a6 * b7;
                c.C70 += a7 * b0; c.C71 += a7 * b1; c.C72 += a7 * b2; c.C73 += a7 * b3; c.C74 += a7 * b4; c.C75 += a7 * b5; c.C76 += a7 * b6; c.C77 += a7 * b7;
                ia += pitchA;
                ib += pitchB;
            }
            Group.Barrier();
        }
    }
}

/// <summary>The group side T of the tiled kernels as a type, so that ILGPU compiles it as a constant.</summary>
public interface ITileSize
{
    /// <summary>log2 T.</summary>
    int Log { get; }
}

/// <summary>T = 16: 256 threads, 128 x 128 output tiles (GPUs).</summary>
public struct Tile16 : ITileSize { public readonly int Log => 4; }

/// <summary>T = 8: 64 threads, 64 x 64 output tiles.</summary>
public struct Tile8 : ITileSize { public readonly int Log => 3; }

/// <summary>T = 4: 16 threads, 32 x 32 output tiles (ILGPU's default CPU simulator allows 16 threads a group).</summary>
public struct Tile4 : ITileSize { public readonly int Log => 2; }

/// <summary>T = 2: 4 threads, 16 x 16 output tiles (small CPU simulators, for fast kernel tests).</summary>
public struct Tile2 : ITileSize { public readonly int Log => 1; }
