using System.Text.Json.Nodes;
using Ndk.Host.Reports;

namespace Ndk.Host.Experiments;

/// <summary>status.json of a run directory: running, completed, interrupted or failed, and why.</summary>
public static class RunStatus
{
    public static void Write(string dir, string state, string? message = null, string? resume = null)
    {
        var o = new JsonObject { ["state"] = state, ["time"] = DateTime.UtcNow.ToString("O") };
        if (message != null) o["message"] = message;
        if (resume != null) o["resume"] = resume;
        AtomicFile.WriteText(Path.Combine(dir, "status.json"), o.ToJsonString(new() { WriteIndented = true }) + "\n");
    }
}
