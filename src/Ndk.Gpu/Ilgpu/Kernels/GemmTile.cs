using System.Runtime.CompilerServices;
using ILGPU;

namespace Ndk.Gpu.Ilgpu.Kernels;

/// <summary>A thread's 4 x 4 micro-tile of accumulators (rows r0..r3, columns c0..c3), kept in registers.</summary>
public struct Micro4x4
{
    public float R0C0, R0C1, R0C2, R0C3;
    public float R1C0, R1C1, R1C2, R1C3;
    public float R2C0, R2C1, R2C2, R2C3;
    public float R3C0, R3C1, R3C2, R3C3;
}

/// <summary>
/// The shared core of the three batched matrix products (forward, backward, gradient):
/// C[m, n] = sum_k A(m, k) B(k, n) for one group's 4T x 4T output tile, where the group is T x T threads
/// and each thread accumulates a 4 x 4 micro-tile (rows 4 ty .. 4 ty + 3, columns 4 tx .. 4 tx + 3, so that
/// a thread owns four consecutive parameters for the Langevin noise).
/// A(m, k) = a[aBase + m aSm + k aSk], B(k, n) = b[bBase + k bSk + n bSn]. The K loop stages a 4T x T slice
/// of A and a T x 4T slice of B in dynamic shared memory (<see cref="SharedFloats"/> floats), each stored
/// k-major with a row pitch of 4T + 1 (the pad breaks bank conflicts of the k-contiguous loads).
/// Loads are coalesced along whichever index is contiguous in memory (aKContig / bKContig).
/// Out-of-range elements load as 0, so edges need no special case except in the epilogue.
/// </summary>
public static class GemmTile
{
    /// <summary>Shared floats a launch with group side T needs.</summary>
    public static int SharedFloats(int tile) => 2 * tile * (4 * tile + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accumulate(
        ArrayView<float> a, long aBase, long aSm, long aSk, bool aKContig,
        ArrayView<float> b, long bBase, long bSk, long bSn, bool bKContig,
        int rows, int cols, int depth, int logTile, int m0, int n0,
        ArrayView<float> shared, ref Micro4x4 c)
    {
        int tile = 1 << logTile;
        int wide = tile << 2;            // 4T
        int pitch = wide + 1;
        int bShared = tile * pitch;      // start of the B slice
        int tx = Group.IdxX, ty = Group.IdxY;
        int tid = (ty << logTile) + tx;
        int groupSize = tile * tile;
        int rowA = ty << 2, colB = tx << 2;

        for (int k0 = 0; k0 < depth; k0 += tile)
        {
            // Stage A (4T x T) and B (T x 4T): 4 elements each per thread.
            for (int r = 0; r < 4; r++)
            {
                int e = tid + r * groupSize;
                int kk, mm;
                if (aKContig) { kk = e & (tile - 1); mm = e >> logTile; }
                else { mm = e & (wide - 1); kk = e >> (logTile + 2); }
                int gm = m0 + mm, gk = k0 + kk;
                float va = 0f;
                if (gm < rows && gk < depth) va = a[aBase + gm * aSm + gk * aSk];
                shared[kk * pitch + mm] = va;

                int nn;
                if (bKContig) { kk = e & (tile - 1); nn = e >> logTile; }
                else { nn = e & (wide - 1); kk = e >> (logTile + 2); }
                int gn = n0 + nn;
                gk = k0 + kk;
                float vb = 0f;
                if (gn < cols && gk < depth) vb = b[bBase + gk * bSk + gn * bSn];
                shared[bShared + kk * pitch + nn] = vb;
            }
            Group.Barrier();

            int kEnd = depth - k0 < tile ? depth - k0 : tile;
            int ia = rowA, ib = bShared + colB;
            for (int kk = 0; kk < kEnd; kk++)
            {
                // Sub-views make the four loads constant offsets from one address (ld.shared [r+4], ...).
                var sa = shared.SubView(ia, 4);
                var sb = shared.SubView(ib, 4);
                float a0 = sa[0], a1 = sa[1], a2 = sa[2], a3 = sa[3];
                float b0 = sb[0], b1 = sb[1], b2 = sb[2], b3 = sb[3];
                c.R0C0 += a0 * b0; c.R0C1 += a0 * b1; c.R0C2 += a0 * b2; c.R0C3 += a0 * b3;
                c.R1C0 += a1 * b0; c.R1C1 += a1 * b1; c.R1C2 += a1 * b2; c.R1C3 += a1 * b3;
                c.R2C0 += a2 * b0; c.R2C1 += a2 * b1; c.R2C2 += a2 * b2; c.R2C3 += a2 * b3;
                c.R3C0 += a3 * b0; c.R3C1 += a3 * b1; c.R3C2 += a3 * b2; c.R3C3 += a3 * b3;
                ia += pitch;
                ib += pitch;
            }
            Group.Barrier();
        }
    }
}
