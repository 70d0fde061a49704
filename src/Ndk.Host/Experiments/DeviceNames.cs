namespace Ndk.Host.Experiments;

/// <summary>The device names a config may hold (those <see cref="Ndk.Gpu.Devices.DeviceSelector"/> opens).</summary>
internal static class DeviceNames
{
    public static bool IsValid(string d) =>
        d == "cuda:all" || (d.Contains(',') && d.Split(',').All(p => p != "auto" && !p.Contains(',') && IsValid(p.Trim())))
        || d is "auto" or "cpu" or "cuda" or "opencl" or "ilgpu-cpu"
        || (d.StartsWith("cuda:", StringComparison.Ordinal) && uint.TryParse(d[5..], out _))
        || (d.StartsWith("opencl:", StringComparison.Ordinal) && uint.TryParse(d[7..], out _));
}
