using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ndk.Host.Experiments;

/// <summary>Writes a config with every default filled in, under the same field names <see cref="ConfigReader"/> reads.</summary>
public static class ConfigWriter
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ToJson(ExperimentConfig c)
    {
        var d = c.Data;
        var data = new JsonObject
        {
            ["kind"] = d.Kind,
            ["classes"] = d.Classes is null ? null : new JsonArray(d.Classes.Select(k => (JsonNode)k).ToArray()),
            ["train"] = d.Train,
            ["test"] = d.Test,
            ["normalize"] = d.Normalize,
            ["pool"] = d.Pool,
            ["seed"] = d.Seed,
        };
        if (d.Images != null) data["images"] = d.Images;
        if (d.Labels != null) data["labels"] = d.Labels;
        if (d.TrainPath != null) data["trainFile"] = d.TrainPath;
        if (d.TestPath != null) data["testFile"] = d.TestPath;
        if (d.InputDim != 0) data["inputDim"] = d.InputDim;

        var record = new JsonObject { ["spacing"] = c.Record.Spacing };
        if (c.Record.Spacing == "list") record["times"] = new JsonArray(c.Record.Times.Select(t => (JsonNode)t).ToArray());
        else { record["from"] = c.Record.From; record["to"] = c.Record.To; record["count"] = c.Record.Count; }
        record["includeZero"] = c.Record.IncludeZero;

        var root = new JsonObject
        {
            ["name"] = c.Name,
            ["data"] = data,
            ["network"] = new JsonObject { ["depth"] = c.Network.Depth, ["width"] = c.Network.Width, ["activation"] = c.Network.Activation },
            ["dynamics"] = new JsonObject
            {
                ["temperature"] = c.Dynamics.Temperature, ["sigma2"] = c.Dynamics.Sigma2, ["sigma02"] = c.Dynamics.Sigma02,
                ["dt"] = c.Dynamics.Dt, ["tMax"] = c.Dynamics.TMax ?? RecordSchedule.LastTime(c.Record),
            },
            ["ensemble"] = new JsonObject { ["size"] = c.Ensemble.Size, ["antithetic"] = c.Ensemble.Antithetic, ["seed"] = c.Ensemble.Seed },
            ["record"] = record,
            ["theory"] = new JsonObject { ["variance"] = c.Theory.Variance },
            ["output"] = new JsonObject { ["memberOutputs"] = c.Output.MemberOutputs, ["checkpointMinutes"] = c.Output.CheckpointMinutes },
            ["device"] = c.Device,
            ["precision"] = c.Precision,
        };
        if (c.Drift != null) root["drift"] = Drift.DriftConfigReader.Write(c.Drift);
        return root.ToJsonString(Indented) + "\n";
    }
}
