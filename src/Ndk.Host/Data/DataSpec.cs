namespace Ndk.Host.Data;

/// <summary>
/// What an experiment config's "data" section asks for. Every field has a default, so a spec names
/// only what differs. <see cref="DatasetBuilder.Build"/> checks it and says what is wrong.
/// </summary>
public sealed record DataSpec
{
    /// <summary>Names of the kinds <see cref="Kind"/> accepts.</summary>
    public static readonly string[] Kinds = ["mnist", "idx", "optdigits", "csv", "orthogonal", "gaussian"];

    /// <summary>Names of the normalisations <see cref="Normalize"/> accepts.</summary>
    public static readonly string[] Normalizations = ["sphere", "none", "standardize"];

    /// <summary>One of <see cref="Kinds"/> (case-insensitive).</summary>
    public string Kind { get; init; } = "mnist";

    /// <summary>
    /// Two distinct class labels for a binary task: examples of the first get label +1, of the
    /// second -1, all others are left out. Null keeps every example with its label as given.
    /// Ignored by the synthetic kinds, whose labels are +-1 by construction.
    /// </summary>
    public int[]? Classes { get; init; } = [0, 1];

    /// <summary>
    /// Training points. For a kind read from files, 0 means "all the pool has left" (all rows of
    /// the training pool when it has its own file, otherwise all not taken for testing).
    /// </summary>
    public int Train { get; init; } = 50;

    /// <summary>Test points; 0 as for <see cref="Train"/> (synthetic kinds: 0 means none).</summary>
    public int Test { get; init; } = 200;

    /// <summary>One of <see cref="Normalizations"/>: sphere rescales every input to |x|^2 = N0.</summary>
    public string Normalize { get; init; } = "sphere";

    /// <summary>Average-pooling factor for image data (1: none); must divide both image sides.</summary>
    public int Pool { get; init; } = 1;

    /// <summary>Seed of the shuffle and split, and of the synthetic inputs and labels.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>kind idx: the image file (IDX, gzipped or not), relative to the base directory.</summary>
    public string? Images { get; init; }

    /// <summary>kind idx: the label file (IDX, gzipped or not), relative to the base directory.</summary>
    public string? Labels { get; init; }

    /// <summary>kind csv: the training file, relative to the base directory.</summary>
    public string? TrainPath { get; init; }

    /// <summary>kind csv: the test file; without it the training file is split into both.</summary>
    public string? TestPath { get; init; }

    /// <summary>kinds orthogonal and gaussian: the input dimension N0.</summary>
    public int InputDim { get; init; }
}
