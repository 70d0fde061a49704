using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ndk.Host.Experiments;

/// <summary>`--set key=value`: sets a dotted field of the config before it is read (value parsed as JSON, else taken as a string).</summary>
public static class ConfigOverrides
{
    public static void Apply(JsonObject root, string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0 || eq == assignment.Length - 1)
            throw new ConfigException($"--set {assignment}: expected key=value, e.g. --set dynamics.temperature=0.02");
        string key = assignment[..eq].Trim(), text = assignment[(eq + 1)..].Trim();
        string[] parts = key.Split('.');
        JsonObject obj = root;
        for (int k = 0; k < parts.Length - 1; k++)
        {
            if (obj[parts[k]] is JsonObject child) obj = child;
            else if (obj[parts[k]] is null) { child = new JsonObject(); obj[parts[k]] = child; obj = child; }
            else throw new ConfigException($"--set {assignment}: '{string.Join('.', parts[..(k + 1)])}' is not an object");
        }
        JsonNode? value;
        try { value = JsonNode.Parse(text); }
        catch (JsonException) { value = JsonValue.Create(text); }
        obj[parts[^1]] = value;
    }
}
