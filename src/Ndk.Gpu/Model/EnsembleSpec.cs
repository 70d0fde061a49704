namespace Ndk.Gpu;

/// <summary>
/// Which members an engine trains. A member's trajectory depends only on (Seed, global member index),
/// so a shard is just a different FirstMember/Size window of the same ensemble.
/// With Antithetic, member 2k+1 mirrors member 2k (readout a -> -a, same hidden weights, mirrored
/// readout noise; MODEL.md section 6), so FirstMember and Size must both be even.
/// </summary>
public sealed record EnsembleSpec(int Size, ulong Seed, bool Antithetic, int FirstMember = 0)
{
    /// <summary>Independent units: pairs when antithetic, members otherwise.</summary>
    public int UnitCount => Antithetic ? Size / 2 : Size;

    public void Validate()
    {
        if (Size < 1) throw new ArgumentOutOfRangeException(nameof(Size), Size, "ensemble size must be >= 1");
        if (FirstMember < 0) throw new ArgumentOutOfRangeException(nameof(FirstMember), FirstMember, "first member must be >= 0");
        if (Antithetic && (Size % 2 != 0 || FirstMember % 2 != 0))
            throw new ArgumentException($"antithetic pairs need an even ensemble size and first member (got size {Size}, first {FirstMember})");
    }
}
