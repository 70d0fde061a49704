namespace Ndk.Gpu;

/// <summary>
/// The whole state of an ensemble: the step and every member's weights, member after member, each
/// member's parameters laid out as W^1 (N x N0, row-major), W^2..W^L (N x N), then a (N).
/// Weights are kept as double so a float64 run round-trips; a float32 run stores its floats exactly.
/// The noise needs no state: it is a pure function of (seed, member, step, parameter).
/// </summary>
public sealed class EnsembleState
{
    public required long Step { get; init; }
    public required double[] Weights { get; init; }
}
