using System.Text.Json;
using System.Text.Json.Nodes;
using Ndk.Host.Data;

namespace Ndk.Host.Experiments;

/// <summary>Reads an experiment config strictly: unknown fields, wrong types and out-of-range values are errors.</summary>
public static class ConfigReader
{
    static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static ExperimentConfig ReadFile(string path, IReadOnlyList<string>? overrides = null)
    {
        if (!File.Exists(path)) throw new ConfigException($"{path}: config file not found");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new ConfigException($"{path}: cannot read the config file: {e.Message}"); }
        return Parse(text, path, overrides);
    }

    public static ExperimentConfig Parse(string json, string file, IReadOnlyList<string>? overrides = null)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: Options); }
        catch (JsonException e)
        {
            throw new ConfigException($"{file}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
        }
        if (node is not JsonObject root) throw new ConfigException($"{file}: the config must be a JSON object {{ ... }}");
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in overrides ?? [])
        {
            ConfigOverrides.Apply(root, o);
            given[o[..o.IndexOf('=')].Trim()] = o;
        }
        using var doc = JsonDocument.Parse(root.ToJsonString());
        return Read(new JsonSection(doc.RootElement, file, "", given));
    }

    static string FirstSentence(string s) { int k = s.IndexOf(". ", StringComparison.Ordinal); return k > 0 ? s[..k] : s; }

    static ExperimentConfig Read(JsonSection root)
    {
        var c = new ExperimentConfig
        {
            Name = root.String("name", "experiment"),
            Data = ReadData(root.Section("data")),
            Network = ReadNetwork(root.Section("network")),
            Dynamics = ReadDynamics(root.Section("dynamics")),
            Ensemble = ReadEnsemble(root.Section("ensemble")),
            Record = ReadRecord(root.Section("record")),
            Theory = ReadTheory(root.Section("theory")),
            Output = ReadOutput(root.Section("output")),
            Drift = Drift.DriftConfigReader.Read(root.Section("drift")),
            Device = root.String("device", "auto"),
            Precision = root.String("precision", "single", "single", "double"),
        };
        root.RejectUnknown();
        if (!DeviceNames.IsValid(c.Device))
            throw root.Error("device", $"\"{c.Device}\"", "one of " + Ndk.Gpu.Devices.DeviceSelector.Names);
        if (c.Ensemble.Antithetic && c.Ensemble.Size % 2 != 0)
            throw root.Error("ensemble.size", c.Ensemble.Size.ToString(), "an even number when ensemble.antithetic is true (members come in pairs)");
        double last = RecordSchedule.LastTime(c.Record);
        if (c.Dynamics.TMax is double tMax && last > tMax * (1 + 1e-12))
            throw root.Error("record", $"a last record time {last}", $"record times at most dynamics.tMax = {tMax}");
        return c;
    }

    static DataSpec ReadData(JsonSection? s)
    {
        var d = new DataSpec();
        if (s == null) return d;
        string kind = s.String("kind", d.Kind, DataSpec.Kinds);
        var r = d with
        {
            Kind = kind,
            // csv labels are used as given unless two classes are named; image sets need a binary task.
            Classes = s.Has("classes") ? s.Integers("classes") : kind == "csv" ? null : d.Classes,
            Train = s.Integer("train", d.Train, 0),
            Test = s.Integer("test", d.Test, 0),
            Normalize = s.String("normalize", d.Normalize, "sphere", "none", "standardize"),
            Pool = s.Integer("pool", d.Pool, 1, 28),
            Seed = s.Integer("seed", d.Seed, 0),
            Images = s.OptionalString("images"),
            Labels = s.OptionalString("labels"),
            TrainPath = s.OptionalString("trainFile"),
            TestPath = s.OptionalString("testFile"),
            InputDim = s.Integer("inputDim", d.InputDim, 0),
        };
        s.RejectUnknown();
        if (r.Classes is { Length: not 2 } cl)
            throw s.Error("data.classes", $"[{string.Join(", ", cl)}]", "two class labels, e.g. [0, 1] (the first gets +1, the second -1)");
        return r;
    }

    static NetworkConfig ReadNetwork(JsonSection? s)
    {
        var d = new NetworkConfig();
        if (s == null) return d;
        var r = new NetworkConfig
        {
            Depth = s.Integer("depth", d.Depth, 1, 1000),
            Width = s.Integer("width", d.Width, 1),
            Activation = s.String("activation", d.Activation, "linear", "relu", "erf", "tanh"),
        };
        s.RejectUnknown();
        return r;
    }

    static DynamicsConfig ReadDynamics(JsonSection? s)
    {
        var d = new DynamicsConfig();
        if (s == null) return d;
        var r = new DynamicsConfig
        {
            Temperature = s.Number("temperature", d.Temperature, 0, valid: "a temperature T >= 0"),
            Sigma2 = s.Number("sigma2", d.Sigma2, 0, minExclusive: true, valid: "a prior variance sigma^2 > 0"),
            Sigma02 = s.Number("sigma02", d.Sigma02, 0, valid: "an initialisation variance sigma0^2 >= 0"),
            Dt = s.Number("dt", d.Dt, 0, minExclusive: true, valid: "a time step dt > 0"),
            TMax = s.OptionalNumber("tMax", 0, minExclusive: true),
        };
        s.RejectUnknown();
        return r;
    }

    static EnsembleConfig ReadEnsemble(JsonSection? s)
    {
        var d = new EnsembleConfig();
        if (s == null) return d;
        var r = new EnsembleConfig
        {
            Size = s.Integer("size", d.Size, 1),
            Antithetic = s.Bool("antithetic", d.Antithetic),
            Seed = s.Seed("seed", d.Seed),
        };
        s.RejectUnknown();
        return r;
    }

    static RecordConfig ReadRecord(JsonSection? s)
    {
        var d = new RecordConfig();
        if (s == null) return d;
        bool hasTimes = s.Has("times");
        var r = new RecordConfig
        {
            Spacing = s.String("spacing", hasTimes ? "list" : d.Spacing, "list", "linear", "log"),
            Times = s.Numbers("times", 0),
            From = s.Number("from", d.From, 0),
            To = s.Number("to", d.To, 0, minExclusive: true),
            Count = s.Integer("count", d.Count, 1, 100_000),
            IncludeZero = s.Bool("includeZero", d.IncludeZero),
        };
        s.RejectUnknown();
        if (r.Spacing == "list" && r.Times.Length == 0)
            throw s.Error("record.times", "an empty list", "at least one record time (or spacing \"linear\"/\"log\" with from, to, count)");
        if (r.Spacing != "list" && hasTimes)
            throw s.Error("record.times", "a list", $"no times with spacing \"{r.Spacing}\" (use from, to and count)");
        if (r.Spacing == "log" && !(r.From > 0))
            throw s.Error("record.from", r.From.ToString(), "a first time > 0 for log spacing");
        if (r.Spacing != "list" && r.From > r.To)
            throw s.Error("record.from", r.From.ToString(), $"a first time at most record.to = {r.To}");
        return r;
    }

    static TheoryConfig ReadTheory(JsonSection? s)
    {
        if (s == null) return new TheoryConfig();
        var r = new TheoryConfig { Variance = s.Bool("variance", true) };
        s.RejectUnknown();
        return r;
    }

    static OutputConfig ReadOutput(JsonSection? s)
    {
        var d = new OutputConfig();
        if (s == null) return d;
        var r = new OutputConfig
        {
            MemberOutputs = s.Bool("memberOutputs", d.MemberOutputs),
            CheckpointMinutes = s.Number("checkpointMinutes", d.CheckpointMinutes, 0),
        };
        s.RejectUnknown();
        return r;
    }
}
