namespace Ndk.Gpu;

/// <summary>Which weights learn (MODEL.md section 7, the frozen-readout drift protocol).</summary>
public enum TrainingPhase
{
    /// <summary>Every weight follows the full Langevin dynamics.</summary>
    All,
    /// <summary>The readout a is fixed (no gradient, decay or noise); the hidden weights follow the prior (OU) dynamics only.</summary>
    FrozenReadout,
    /// <summary>The readout a is fixed; the hidden weights keep their data gradient.</summary>
    FrozenReadoutHiddenLearning,
}
