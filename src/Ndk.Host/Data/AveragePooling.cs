namespace Ndk.Host.Data;

/// <summary>
/// Average pooling of an image by an integer factor: each factor x factor block of pixels becomes
/// their mean (28x28 with factor 2 -> 14x14). Shrinks N0, and with it the cost of every layer-1
/// product, while keeping the coarse shape of the digit.
/// </summary>
internal static class AveragePooling
{
    /// <summary>The pooled shape; a <see cref="DataException"/> if the factor does not divide both sides.</summary>
    public static ImageShape PooledShape(ImageShape shape, int factor, string source)
    {
        if (shape.Rows % factor != 0 || shape.Columns % factor != 0)
        {
            var divisors = Enumerable.Range(1, Math.Min(shape.Rows, shape.Columns))
                .Where(d => shape.Rows % d == 0 && shape.Columns % d == 0);
            throw new DataException(
                $"pool {factor} does not divide the {shape.Rows}x{shape.Columns} images of {source}; " +
                $"valid factors: {string.Join(", ", divisors)}");
        }
        return new ImageShape(shape.Rows / factor, shape.Columns / factor);
    }

    /// <summary>Pools <paramref name="image"/> (row-major, <paramref name="shape"/>) into <paramref name="pooled"/>.</summary>
    public static void Apply(ReadOnlySpan<double> image, ImageShape shape, int factor, Span<double> pooled)
    {
        int outRows = shape.Rows / factor, outColumns = shape.Columns / factor;
        double scale = 1.0 / (factor * factor);
        for (int r = 0; r < outRows; r++)
            for (int c = 0; c < outColumns; c++)
            {
                double sum = 0;
                for (int dr = 0; dr < factor; dr++)
                {
                    var line = image.Slice((r * factor + dr) * shape.Columns + c * factor, factor);
                    foreach (var v in line)
                        sum += v;
                }
                pooled[r * outColumns + c] = sum * scale;
            }
    }
}
