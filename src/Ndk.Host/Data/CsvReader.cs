using System.Globalization;

namespace Ndk.Host.Data;

/// <summary>
/// A numeric CSV table: every data row as numbers, with the 1-based file line it came from so
/// that later errors (a zero-norm input, say) can point at it.
/// </summary>
internal sealed record CsvTable(string Path, double[][] Rows, int[] Lines, bool HasHeader);

/// <summary>
/// Reads comma-separated numbers, gzipped or not. A first row whose cells are not all numbers is a
/// header and is skipped; blank lines are skipped; every other row must have the same number of
/// cells, each a finite number (invariant culture, so "1.5", never "1,5").
/// </summary>
internal static class CsvReader
{
    public static CsvTable Read(string path)
    {
        using var stream = DataFile.Open(path);
        using var reader = new StreamReader(stream);
        var rows = new List<double[]>();
        var lines = new List<int>();
        bool hasHeader = false;
        int width = 0, widthLine = 0, lineNumber = 0;

        while (ReadLine(reader, path) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var cells = line.Split(',');
            if (rows.Count == 0 && !hasHeader && !cells.All(IsNumber))
            {
                hasHeader = true;
                width = cells.Length;
                widthLine = lineNumber;
                continue;
            }
            if (width == 0)
            {
                width = cells.Length;
                widthLine = lineNumber;
            }
            else if (cells.Length != width)
                throw new DataException(
                    $"{path} line {lineNumber}: {cells.Length} cells, but line {widthLine} has {width}; " +
                    "every row needs the same number of comma-separated cells");

            var values = new double[width];
            for (int c = 0; c < width; c++)
            {
                if (!TryParse(cells[c], out values[c]))
                    throw new DataException(
                        $"{path} line {lineNumber}, column {c + 1}: '{Shorten(cells[c])}' is not a number");
                if (!double.IsFinite(values[c]))
                    throw new DataException(
                        $"{path} line {lineNumber}, column {c + 1}: '{Shorten(cells[c])}' is not finite (NaN or infinite); " +
                        "every value must be a finite number");
            }
            rows.Add(values);
            lines.Add(lineNumber);
        }

        if (rows.Count == 0)
            throw new DataException($"{path}: no data rows" + (hasHeader ? " (only a header)" : " (the file is empty)"));
        if (width < 2)
            throw new DataException($"{path}: rows have a single cell; need at least one feature and the label in the last column");
        return new CsvTable(path, rows.ToArray(), lines.ToArray(), hasHeader);
    }

    private static string? ReadLine(StreamReader reader, string path)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (Exception e) when (DataFile.IsReadFailure(e))
        {
            throw DataFile.ReadFailure(path, e);
        }
    }

    private static bool IsNumber(string cell) => TryParse(cell, out _);

    private static bool TryParse(string cell, out double value) =>
        double.TryParse(cell.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static string Shorten(string cell) => cell.Length <= 40 ? cell : cell[..40] + "...";
}
