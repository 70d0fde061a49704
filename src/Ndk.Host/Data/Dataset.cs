namespace Ndk.Host.Data;

/// <summary>Train and test points ready for the simulator and the theory.</summary>
public sealed class Dataset
{
    public required double[][] TrainX { get; init; }
    public required double[] TrainY { get; init; }
    public required double[][] TestX { get; init; }
    public required double[] TestY { get; init; }

    /// <summary>One line for reports: source, task, counts, preprocessing.</summary>
    public required string Description { get; init; }

    /// <summary>N0, the length of every input vector.</summary>
    public required int InputDim { get; init; }

    /// <summary>
    /// For each training point, its 0-based row in the pool it came from (the image index of an
    /// IDX file, the data row of a CSV file not counting a header, the generated index of a
    /// synthetic input), so that a run can be traced back to the raw examples.
    /// </summary>
    public required int[] TrainSource { get; init; }

    /// <summary>As <see cref="TrainSource"/>, for the test points (rows of the test file where it has one).</summary>
    public required int[] TestSource { get; init; }
}
