namespace Ndk.Host.Data;

/// <summary>An IDX array of unsigned bytes: its dimensions and its values in row-major order.</summary>
internal sealed record IdxArray(int[] Dimensions, byte[] Values);

/// <summary>
/// Reads IDX files (the MNIST format), gzipped or not. Layout, big-endian: two zero bytes, a type
/// byte (0x08: unsigned byte, the only type MNIST-like sets use and the only one read here), a byte
/// with the number of dimensions, one uint32 per dimension, then the values.
/// </summary>
internal static class IdxReader
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads <paramref name="path"/>, which must have <paramref name="dimensions"/> dimensions.</summary>
    public static IdxArray Read(string path, int dimensions)
    {
        using var stream = DataFile.Open(path);
        int expectedMagic = (UnsignedByte << 8) | dimensions;

        Span<byte> head = stackalloc byte[4];
        if (DataFile.ReadFully(stream, head, path) < 4)
            throw new DataException($"{path}: truncated IDX header (file shorter than 4 bytes)");
        int magic = (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3];
        if (magic != expectedMagic)
            throw new DataException(
                $"{path}: wrong IDX magic number {magic} (0x{magic:X8}); expected {expectedMagic} (0x{expectedMagic:X8}: " +
                $"unsigned bytes in {dimensions} dimension{(dimensions == 1 ? "" : "s")}, " +
                (dimensions == 1 ? "a label file" : "an image file") + ")");

        var dims = new int[dimensions];
        Span<byte> word = stackalloc byte[4];
        long count = 1;
        for (int d = 0; d < dimensions; d++)
        {
            if (DataFile.ReadFully(stream, word, path) < 4)
                throw new DataException($"{path}: truncated IDX header (dimension {d + 1} of {dimensions} missing)");
            uint size = (uint)((word[0] << 24) | (word[1] << 16) | (word[2] << 8) | word[3]);
            // Each factor is bounded by the array limit, so the running product cannot overflow a long.
            if (size > Array.MaxLength || (count *= size) > Array.MaxLength)
                throw new DataException(
                    $"{path}: IDX header claims dimension {d + 1} = {size}, more values than a file can hold here " +
                    $"(at most {Array.MaxLength:N0} in all)");
            dims[d] = (int)size;
        }

        var values = ReadPayload(stream, (int)count, path);
        return new IdxArray(dims, values);
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes and checks that nothing follows. The buffer grows
    /// with the data actually read (from 1 MiB, doubling), so a header that lies about the size
    /// costs memory in proportion to the real file, not to the claim.
    /// </summary>
    private static byte[] ReadPayload(Stream stream, int count, string path)
    {
        var buffer = new byte[Math.Min(count, 1 << 20)];
        int filled = 0;
        while (true)
        {
            filled += DataFile.ReadFully(stream, buffer.AsSpan(filled), path);
            if (filled < buffer.Length)
                throw new DataException(
                    $"{path}: truncated IDX payload: the header promises {count:N0} values, the file holds {filled:N0}");
            if (filled == count)
                break;
            Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
        }

        Span<byte> probe = stackalloc byte[1];
        if (DataFile.ReadFully(stream, probe, path) != 0)
            throw new DataException($"{path}: data beyond the {count:N0} values the IDX header promises");
        return buffer;
    }
}
