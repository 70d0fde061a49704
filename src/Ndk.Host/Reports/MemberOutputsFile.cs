namespace Ndk.Host.Reports;

/// <summary>
/// members.bin: every member's output at every record time. Little-endian: the 8 bytes "NDKMEMB1",
/// int32 records R, int32 members E, int32 points (train then test), R float64 record times, then
/// R x E x points float64 outputs, record-major.
/// </summary>
public static class MemberOutputsFile
{
    public static void Write(string path, IReadOnlyList<double[]> records, int points, int members, double[] times) =>
        AtomicFile.Write(path, s =>
        {
            using var w = new BinaryWriter(s, System.Text.Encoding.ASCII, leaveOpen: true);
            w.Write("NDKMEMB1"u8);
            w.Write(records.Count); w.Write(members); w.Write(points);
            for (int r = 0; r < records.Count; r++) w.Write(times[r]);
            foreach (var rec in records) w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rec.AsSpan()));
        });
}
