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

    /// <summary>Whether the run directory's status.json says the run completed.</summary>
    public static bool IsCompleted(string dir)
    {
        string path = Path.Combine(dir, "status.json");
        if (!File.Exists(path)) return false;
        try { return JsonNode.Parse(File.ReadAllText(path))?["state"]?.GetValue<string>() == "completed"; }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or IOException) { return false; }
    }
}
