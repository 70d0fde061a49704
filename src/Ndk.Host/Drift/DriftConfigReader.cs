using System.Text.Json.Nodes;
using Ndk.Host.Experiments;

namespace Ndk.Host.Drift;

/// <summary>Reads and writes the `drift` section, as strictly as the rest of the config.</summary>
internal static class DriftConfigReader
{
    public static DriftConfig? Read(JsonSection? s)
    {
        if (s == null) return null;
        var d = new DriftConfig();
        bool hasLags = s.Has("lags");
        var r = new DriftConfig
        {
            FreezeTime = s.OptionalNumber("freezeTime", 0, minExclusive: true),
            HiddenLearning = s.Bool("hiddenLearning", d.HiddenLearning),
            Probes = s.Integers("probes"),
            ProbeCount = s.Integer("probeCount", d.ProbeCount, 1),
            ReferenceTimes = s.Numbers("referenceTimes", 0),
            LagSpacing = s.String("lagSpacing", hasLags ? "list" : d.LagSpacing, DriftConfig.LagSpacings),
            Lags = s.Numbers("lags", 0),
            LagFrom = s.Number("lagFrom", d.LagFrom, 0, minExclusive: true),
            LagTo = s.Number("lagTo", d.LagTo, 0, minExclusive: true),
            LagCount = s.Integer("lagCount", d.LagCount, 1, 10_000),
            ReadoutFit = s.String("readoutFit", d.ReadoutFit, DriftConfig.ReadoutFits),
            CommonInputScale = s.Bool("commonInputScale", d.CommonInputScale),
        };
        s.RejectUnknown();
        if (r.LagSpacing == "list" && (r.Lags.Length == 0 || r.Lags.Any(l => !(l > 0))))
            throw s.Error("drift.lags", "an empty list or a lag <= 0", "at least one lag > 0");
        if (r.LagSpacing != "list" && hasLags)
            throw s.Error("drift.lags", "a list", "no lags with lagSpacing \"log\" (use lagFrom, lagTo, lagCount)");
        if (r.LagFrom > r.LagTo) throw s.Error("drift.lagFrom", r.LagFrom.ToString(), $"at most drift.lagTo = {r.LagTo}");
        if (r.Probes is { } p && (p.Length == 0 || p.Any(i => i < 0)))
            throw s.Error("drift.probes", $"[{string.Join(", ", p)}]", "a non-empty list of test-point indices >= 0");
        if (r.HiddenLearning && r.FreezeTime == null)
            throw s.Error("drift.hiddenLearning", "true", "false unless drift.freezeTime is set (nothing is frozen)");
        if (r.ReadoutFit == "freeze" && r.FreezeTime == null)
            throw s.Error("drift.readoutFit", "\"freeze\"", "\"each\" unless drift.freezeTime is set (the read-out is fitted at t0)");
        return r;
    }

    /// <summary>The section with every default filled in, under the names <see cref="Read"/> reads.</summary>
    public static JsonObject Write(DriftConfig d)
    {
        var o = new JsonObject
        {
            ["freezeTime"] = d.FreezeTime,
            ["hiddenLearning"] = d.HiddenLearning,
        };
        if (d.Probes != null) o["probes"] = new JsonArray(d.Probes.Select(i => (JsonNode)i).ToArray());
        else o["probeCount"] = d.ProbeCount;
        o["referenceTimes"] = new JsonArray(d.ResolvedReferences().Select(t => (JsonNode)t).ToArray());
        o["lagSpacing"] = d.LagSpacing;
        if (d.LagSpacing == "list") o["lags"] = new JsonArray(d.Lags.Select(t => (JsonNode)t).ToArray());
        else { o["lagFrom"] = d.LagFrom; o["lagTo"] = d.LagTo; o["lagCount"] = d.LagCount; }
        o["readoutFit"] = d.ReadoutFit;
        o["commonInputScale"] = d.CommonInputScale;
        return o;
    }
}
