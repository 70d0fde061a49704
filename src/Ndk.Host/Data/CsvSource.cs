namespace Ndk.Host.Data;

/// <summary>A CSV table as a pool: the last column is the label, the others the features.</summary>
internal sealed class CsvSource : ExamplePool
{
    private readonly CsvTable _table;

    /// <param name="shape">The image shape of the features (optdigits: 8x8), or null.</param>
    public CsvSource(CsvTable table, ImageShape? shape = null)
    {
        _table = table;
        Shape = shape;
        if (shape is { } s && s.Rows * s.Columns != FeatureCount)
            throw new DataException(
                $"{table.Path}: rows have {FeatureCount} features, expected {s.Rows * s.Columns} ({s.Rows}x{s.Columns} images) and the label");
    }

    public override string Name => _table.Path;
    public override int Count => _table.Rows.Length;
    public override int FeatureCount => _table.Rows[0].Length - 1;
    public override ImageShape? Shape { get; }

    public override double Label(int row) => _table.Rows[row][^1];

    public override void CopyFeatures(int row, Span<double> destination) =>
        _table.Rows[row].AsSpan(0, FeatureCount).CopyTo(destination);

    public override string DescribeRow(int row) => $"line {_table.Lines[row]} of {Name}";

    public static CsvSource Load(string path, ImageShape? shape = null) => new(CsvReader.Read(path), shape);
}
