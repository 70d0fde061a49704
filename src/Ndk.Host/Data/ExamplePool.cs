namespace Ndk.Host.Data;

/// <summary>The height and width of image inputs, stored row-major.</summary>
internal readonly record struct ImageShape(int Rows, int Columns);

/// <summary>
/// The labelled examples of one source (one file or file pair). Features are converted to doubles
/// row by row on request, so that building a dataset converts only the rows it selects.
/// </summary>
internal abstract class ExamplePool
{
    /// <summary>Names the source in messages and descriptions (a file path).</summary>
    public abstract string Name { get; }

    public abstract int Count { get; }

    public abstract int FeatureCount { get; }

    /// <summary>The image shape of the features, or null for features that are not an image.</summary>
    public abstract ImageShape? Shape { get; }

    public abstract double Label(int row);

    /// <summary>Writes the features of <paramref name="row"/> (0-based) into <paramref name="destination"/>.</summary>
    public abstract void CopyFeatures(int row, Span<double> destination);

    /// <summary>Where <paramref name="row"/> (0-based) is in the source, in the words a person would look for it.</summary>
    public abstract string DescribeRow(int row);
}
