namespace Ndk.Gpu.Devices;

/// <summary>
/// One device the engine could run on. Id is what <see cref="DeviceSelector.Open"/> takes ("cuda:0",
/// "opencl:1", "ilgpu-cpu", "cpu"); Kind is the backend ("cuda", "opencl", "ilgpu-cpu", "cpu").
/// Problem says why it cannot be used (then Usable is false).
/// </summary>
public sealed record DeviceEntry(string Id, string Kind, string Name, long MemoryBytes, bool Usable, string? Problem)
{
    public override string ToString() =>
        $"{Id,-10} {Name} ({MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB)" + (Usable ? "" : $" [unusable: {Problem}]");
}

/// <summary>Every device found, every kind that failed to enumerate, and what "auto" takes.</summary>
public sealed record DeviceListing(IReadOnlyList<DeviceEntry> Devices, IReadOnlyList<string> Problems, string AutoChoice)
{
    /// <summary>Text for <c>ndk devices</c>: one device a line, then the problems, then the auto choice.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var d in Devices) sb.AppendLine(d.ToString());
        foreach (var p in Problems) sb.AppendLine($"note: {p}");
        sb.Append($"auto -> {AutoChoice}");
        return sb.ToString();
    }
}
