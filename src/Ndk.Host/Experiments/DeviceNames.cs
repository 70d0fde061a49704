namespace Ndk.Host.Experiments;

internal static class DeviceNames
{
    public static bool IsValid(string d) =>
        d is "auto" or "cpu" or "cuda" or "opencl" or "ilgpu-cpu" or "cuda:all"
        || (d.StartsWith("cuda:", StringComparison.Ordinal) && d[5..].Split(',').All(p => p.StartsWith("cuda:") ? int.TryParse(p[5..], out _) : int.TryParse(p, out _)));
}
