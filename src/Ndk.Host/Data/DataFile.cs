using System.IO.Compression;

namespace Ndk.Host.Data;

/// <summary>
/// Opening data files: a missing file becomes a <see cref="DataException"/> naming the path, and a
/// gzip file (recognised by its magic bytes, not its name) is decompressed transparently.
/// </summary>
internal static class DataFile
{
    /// <summary>Opens <paramref name="path"/> for reading, decompressing it if it is gzip.</summary>
    public static Stream Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataException($"data file not found: {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DataException($"cannot open data file {path}: {e.Message}", e);
        }

        try
        {
            Span<byte> magic = stackalloc byte[2];
            int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
                return new GzipCheckedStream(file);
            return file;
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            file.Dispose();
            throw ReadFailure(path, e);
        }
    }

    /// <summary>
    /// Reads up to <paramref name="buffer"/>.Length bytes, translating decompression failures
    /// (corrupt or truncated gzip) into a <see cref="DataException"/>. Returns the bytes read,
    /// fewer only at the end of the data.
    /// </summary>
    public static int ReadFully(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (IsReadFailure(e))
        {
            throw ReadFailure(path, e);
        }
    }

    /// <summary>Whether <paramref name="e"/> is what a stream throws for corrupt gzip or a failing read.</summary>
    public static bool IsReadFailure(Exception e) => e is InvalidDataException or IOException;

    /// <summary>The <see cref="DataException"/> for a failure <see cref="IsReadFailure"/> accepts.</summary>
    public static DataException ReadFailure(string path, Exception e) =>
        e is InvalidDataException
            ? new DataException($"{path}: corrupt or truncated gzip data ({e.Message})", e)
            : new DataException($"{path}: read failed ({e.Message})", e);
}
