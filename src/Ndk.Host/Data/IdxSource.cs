namespace Ndk.Host.Data;

/// <summary>
/// An IDX image file with its label file (MNIST, Fashion-MNIST and the like) as a pool. Pixels stay
/// bytes until a row is selected; features are the raw values 0..255 in row-major order.
/// </summary>
internal sealed class IdxSource : ExamplePool
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    private IdxSource(string name, byte[] pixels, byte[] labels, ImageShape shape)
    {
        Name = name;
        _pixels = pixels;
        _labels = labels;
        Shape = shape;
        FeatureCount = shape.Rows * shape.Columns;
    }

    public override string Name { get; }
    public override int Count => _labels.Length;
    public override int FeatureCount { get; }
    public override ImageShape? Shape { get; }

    public override double Label(int row) => _labels[row];

    public override void CopyFeatures(int row, Span<double> destination)
    {
        var pixels = _pixels.AsSpan(row * FeatureCount, FeatureCount);
        for (int i = 0; i < pixels.Length; i++)
            destination[i] = pixels[i];
    }

    public override string DescribeRow(int row) => $"image {row} (0-based) of {Name}";

    /// <summary>Reads the pair and checks that they describe the same number of examples.</summary>
    public static IdxSource Load(string imagesPath, string labelsPath)
    {
        var images = IdxReader.Read(imagesPath, dimensions: 3);
        var labels = IdxReader.Read(labelsPath, dimensions: 1);
        int count = images.Dimensions[0], rows = images.Dimensions[1], columns = images.Dimensions[2];
        if (labels.Dimensions[0] != count)
            throw new DataException(
                $"{imagesPath} holds {count:N0} images but {labelsPath} holds {labels.Dimensions[0]:N0} labels; " +
                "the two files must describe the same examples");
        if (count == 0 || rows == 0 || columns == 0)
            throw new DataException($"{imagesPath}: empty IDX image file ({count} images of {rows}x{columns})");
        return new IdxSource(imagesPath, images.Values, labels.Values, new ImageShape(rows, columns));
    }
}
