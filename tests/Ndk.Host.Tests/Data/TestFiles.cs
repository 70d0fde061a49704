using System.Globalization;
using System.IO.Compression;

namespace Ndk.Host.Tests.Data;

/// <summary>A temporary directory for fixture files, deleted on dispose, with writers for IDX and CSV.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "ndk-data-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string WriteBytes(string name, byte[] bytes, bool gzip = false)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
        return path;
    }

    public string WriteText(string name, string text, bool gzip = false) =>
        WriteBytes(name, System.Text.Encoding.UTF8.GetBytes(text), gzip);

    /// <summary>Writes a CSV with one line per row, values in invariant culture.</summary>
    public string WriteCsv(string name, IEnumerable<double[]> rows, string? header = null)
    {
        var lines = rows.Select(r => string.Join(",", r.Select(v => v.ToString(CultureInfo.InvariantCulture))));
        return WriteText(name, string.Join("\n", header is null ? lines : lines.Prepend(header)) + "\n");
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
            gzip.Write(bytes);
        return output.ToArray();
    }

    /// <summary>IDX bytes: magic for unsigned bytes in dims.Length dimensions, big-endian sizes, then values.</summary>
    public static byte[] Idx(int[] dims, byte[] values, int? magic = null)
    {
        var bytes = new List<byte>();
        AddBigEndian(bytes, magic ?? (0x0800 | dims.Length));
        foreach (var d in dims)
            AddBigEndian(bytes, d);
        bytes.AddRange(values);
        return bytes.ToArray();
    }

    private static void AddBigEndian(List<byte> bytes, int value)
    {
        bytes.Add((byte)(value >> 24));
        bytes.Add((byte)(value >> 16));
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the test for it would not be.
        }
    }
}
