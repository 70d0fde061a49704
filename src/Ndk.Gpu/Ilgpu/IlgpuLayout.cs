namespace Ndk.Gpu.Ilgpu;

/// <summary>
/// Sizes and offsets of an ILGPU simulation's flat float32 buffers; the single source of truth for both
/// allocation and <see cref="Bytes"/>. Per member, parameters follow <see cref="EnsembleState"/>:
/// W^1 (N x N0), W^2..W^L (N x N), then a (N).
/// Buffers: W (E x params), X (all points x N0, train first), Y (P labels), H and Phi (L slots of
/// E x P x N: pre-activations, then in place the back-propagated deltas; and phi of them), R (E x P
/// residuals f - y), F (E x points: the outputs of <c>ReadOutputs</c>). Probe forwards reuse the H and Phi
/// slots in chunks of P points, so probes cost no extra memory.
/// </summary>
public sealed class IlgpuLayout
{
    public int Members { get; }
    public int InputDim { get; }
    public int Width { get; }
    public int Depth { get; }
    public int TrainCount { get; }
    public int PointCount { get; }
    public long ParamsPerMember { get; }
    /// <summary>Elements of one H or Phi slot: E * P * N.</summary>
    public long SlotLength { get; }
    /// <summary>Member stride inside a slot: P * N.</summary>
    public long SlotMemberStride { get; }

    public long WeightLength => Members * ParamsPerMember;
    public long InputLength => (long)PointCount * InputDim;
    public long LabelLength => TrainCount;
    public long ActivationLength => Depth * SlotLength;
    public long ResidualLength => (long)Members * TrainCount;
    public long OutputLength => (long)Members * PointCount;

    /// <summary>Bytes of every buffer this layout allocates.</summary>
    public long Bytes => sizeof(float) * (WeightLength + InputLength + LabelLength + 2 * ActivationLength + ResidualLength + OutputLength);

    public IlgpuLayout(SimulationSetup setup)
    {
        var net = setup.Network;
        Members = setup.Ensemble.Size;
        InputDim = net.InputDim;
        Width = net.Width;
        Depth = net.Depth;
        TrainCount = setup.TrainCount;
        PointCount = setup.PointCount;
        ParamsPerMember = net.ParameterCount;
        SlotMemberStride = (long)TrainCount * Width;
        SlotLength = Members * SlotMemberStride;
    }

    /// <summary>Offset of W^l (1-based) inside a member's parameters; l = Depth + 1 gives the readout a.</summary>
    public long LayerOffset(int layer) =>
        layer == 1 ? 0 : (long)Width * InputDim + (long)(layer - 2) * Width * Width;

    public long ReadoutOffset => LayerOffset(Depth + 1);

    public int FanIn(int layer) => layer == 1 ? InputDim : Width;

    /// <summary>Start of slot l (1-based) in H or Phi.</summary>
    public long Slot(int layer) => (layer - 1) * SlotLength;

    /// <summary>Sizes the kernels' 32-bit index arithmetic and grid limits cannot take, or null.</summary>
    public string? Unsupported()
    {
        if (ParamsPerMember > int.MaxValue) return $"{ParamsPerMember} parameters per member exceed 2^31-1";
        if (SlotMemberStride > int.MaxValue) return $"P*N = {SlotMemberStride} exceeds 2^31-1";
        if (Members > 65535) return $"ensemble size {Members} exceeds the grid limit 65535; shard it";
        return null;
    }
}
