using System.Text.Json;

namespace Ndk.Host.Experiments;

/// <summary>
/// One JSON object of a config, read strictly: every field read is remembered, and
/// <see cref="RejectUnknown"/> names any field nobody asked for, with the closest valid name.
/// Errors name the file (or the --set that gave the field), the field path, the value and what would be valid.
/// </summary>
internal sealed class JsonSection
{
    readonly JsonElement _element;
    readonly string _file;
    readonly IReadOnlyDictionary<string, string> _overrides;   // field path -> the --set assignment that gave it
    readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public JsonSection(JsonElement element, string file, string path, IReadOnlyDictionary<string, string>? overrides = null)
    {
        _file = file;
        _overrides = overrides ?? new Dictionary<string, string>();
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
            throw Error(path, element, "an object { ... }");
        _element = element;
    }

    public string Path { get; }

    string Field(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public ConfigException Error(string field, JsonElement value, string valid) =>
        new($"{Source(field)}: field '{field}': got {Show(value)}; expected {valid}");

    public ConfigException Error(string field, string value, string valid) =>
        new($"{Source(field)}: field '{field}': got {value}; expected {valid}");

    /// <summary>Where a field came from: the --set that gave it, else the file.</summary>
    string Source(string field) => _overrides.TryGetValue(field, out var set) ? $"--set {set} (applied to {_file})" : _file;

    static string Show(JsonElement v)
    {
        string raw = v.GetRawText();
        return raw.Length > 60 ? raw[..57] + "..." : raw;
    }

    public bool Has(string name) { _known.Add(name); return _element.TryGetProperty(name, out _); }

    bool TryGet(string name, out JsonElement value)
    {
        _known.Add(name);
        return _element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public JsonSection? Section(string name)
    {
        if (!TryGet(name, out var v)) return null;
        return new JsonSection(v, _file, Field(name), _overrides);
    }

    public JsonElement? Raw(string name) => TryGet(name, out var v) ? v : null;

    public string String(string name, string fallback, params string[] allowed)
    {
        if (!TryGet(name, out var v)) return fallback;
        string valid = allowed.Length > 0 ? "one of " + string.Join(", ", allowed.Select(a => $"\"{a}\"")) : "a string";
        if (v.ValueKind != JsonValueKind.String) throw Error(Field(name), v, valid);
        string s = v.GetString()!;
        if (allowed.Length > 0 && !allowed.Contains(s, StringComparer.Ordinal)) throw Error(Field(name), v, valid);
        return s;
    }

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) throw Error(Field(name), v, "a string");
        return v.GetString();
    }

    public double Number(string name, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity,
        bool minExclusive = false, string? valid = null)
    {
        if (!TryGet(name, out var v)) return fallback;
        valid ??= Describe(min, max, minExclusive);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d))
            throw Error(Field(name), v, valid);
        if (d < min || (minExclusive && d == min) || d > max) throw Error(Field(name), v, valid);
        return d;
    }

    public double? OptionalNumber(string name, double min = double.NegativeInfinity, bool minExclusive = false)
        => Has(name) && TryGet(name, out _) ? Number(name, 0, min, double.PositiveInfinity, minExclusive) : null;

    public int Integer(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryGet(name, out var v)) return fallback;
        string valid = min == int.MinValue ? "an integer" : max == int.MaxValue ? $"an integer >= {min}" : $"an integer in [{min}, {max}]";
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long n) || n < min || n > max)
            throw Error(Field(name), v, valid);
        return (int)n;
    }

    public long Long(string name, long fallback, long min = long.MinValue)
    {
        if (!TryGet(name, out var v)) return fallback;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long n) || n < min)
            throw Error(Field(name), v, min == long.MinValue ? "an integer" : $"an integer >= {min}");
        return n;
    }

    public ulong Seed(string name, ulong fallback)
    {
        if (!TryGet(name, out var v)) return fallback;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetUInt64(out ulong n))
            throw Error(Field(name), v, "a non-negative integer seed");
        return n;
    }

    public bool Bool(string name, bool fallback)
    {
        if (!TryGet(name, out var v)) return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(Field(name), v, "true or false"),
        };
    }

    public double[] Numbers(string name, double min = double.NegativeInfinity)
    {
        if (!TryGet(name, out var v)) return [];
        string valid = min == double.NegativeInfinity ? "an array of numbers" : $"an array of numbers >= {min}";
        if (v.ValueKind != JsonValueKind.Array) throw Error(Field(name), v, valid);
        var list = new List<double>();
        int k = 0;
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double d) || !double.IsFinite(d) || d < min)
                throw Error($"{Field(name)}[{k}]", e, valid);
            list.Add(d);
            k++;
        }
        return [.. list];
    }

    public int[]? Integers(string name)
    {
        if (!TryGet(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Array) throw Error(Field(name), v, "an array of integers");
        var list = new List<int>();
        int k = 0;
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int n))
                throw Error($"{Field(name)}[{k}]", e, "an integer");
            list.Add(n);
            k++;
        }
        return [.. list];
    }

    /// <summary>Fails on any field of this object that no reader asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var p in _element.EnumerateObject())
        {
            if (_known.Contains(p.Name)) continue;
            string? near = _known.OrderBy(k => EditDistance(k, p.Name)).FirstOrDefault();
            string hint = near != null && EditDistance(near, p.Name) <= 3 ? $" (did you mean '{near}'?)" : "";
            throw new ConfigException(
                $"{Source(Field(p.Name))}: unknown field '{Field(p.Name)}'{hint}; valid fields here: {string.Join(", ", _known.Order())}");
        }
    }

    static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1),
                    d[i - 1, j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
        return d[a.Length, b.Length];
    }

    static string Describe(double min, double max, bool minExclusive)
    {
        bool hasMin = !double.IsNegativeInfinity(min), hasMax = !double.IsPositiveInfinity(max);
        if (hasMin && hasMax) return $"a number in {(minExclusive ? "(" : "[")}{min}, {max}]";
        if (hasMin) return $"a number {(minExclusive ? ">" : ">=")} {min}";
        if (hasMax) return $"a number <= {max}";
        return "a finite number";
    }
}
