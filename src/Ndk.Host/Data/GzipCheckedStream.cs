using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Ndk.Host.Data;

/// <summary>
/// Decompresses a single-member gzip file and, at its end, checks the trailer's CRC-32 and length
/// against what came out. .NET's GZipStream does not check them, so without this a bit flipped in the
/// compressed data can load as a silently different image.
/// </summary>
internal sealed class GzipCheckedStream(FileStream file) : Stream
{
    readonly GZipStream _inner = new(file, CompressionMode.Decompress, leaveOpen: true);
    readonly Crc32 _crc = new();
    long _length;
    bool _checked;

    public override int Read(Span<byte> buffer)
    {
        int n = _inner.Read(buffer);
        if (n > 0)
        {
            _crc.Append(buffer[..n]);
            _length += n;
        }
        else if (buffer.Length > 0 && !_checked) CheckTrailer();
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    void CheckTrailer()
    {
        _checked = true;
        if (file.Length < 18) throw new InvalidDataException("gzip file too short for its header and trailer");
        Span<byte> trailer = stackalloc byte[8];
        file.Position = file.Length - 8;
        file.ReadExactly(trailer);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (crc != _crc.GetCurrentHashAsUInt32() || size != (uint)_length)
            throw new InvalidDataException("the gzip CRC-32 or length does not match the data (a damaged file, or a multi-member gzip, which is not supported)");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _inner.Dispose(); file.Dispose(); }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
