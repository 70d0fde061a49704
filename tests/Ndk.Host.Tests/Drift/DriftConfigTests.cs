using Ndk.Host.Drift;
using Ndk.Host.Experiments;

namespace Ndk.Host.Tests.Drift;

public class DriftConfigTests
{
    static ExperimentConfig Parse(string drift, string record = "\"spacing\": \"list\", \"times\": [0, 1, 2]", string tMax = "10") =>
        ConfigReader.Parse($$"""{ "dynamics": { "dt": 0.01, "tMax": {{tMax}} }, "record": { {{record}} }, "drift": { {{drift}} } }""", "cfg.json");

    [Fact]
    public void AbsentSectionIsNull() => Assert.Null(ConfigReader.Parse("{}", "cfg.json").Drift);

    [Fact]
    public void FillsDefaultsAndRoundTrips()
    {
        var c = Parse("\"freezeTime\": 2, \"lags\": [0.5, 1]");
        var d = c.Drift!;
        Assert.Equal(2.0, d.FreezeTime);
        Assert.False(d.HiddenLearning);
        Assert.Equal("list", d.LagSpacing);
        Assert.Equal([2.0], d.ResolvedReferences());
        Assert.Equal(4, d.ProbeCount);
        Assert.Equal("each", d.ReadoutFit);
        string resolved = ConfigWriter.ToJson(c);
        Assert.Contains("\"drift\"", resolved);
        Assert.Equal(resolved, ConfigWriter.ToJson(ConfigReader.Parse(resolved, "config.json")));
        var log = Parse("\"lagFrom\": 0.1, \"lagTo\": 10, \"lagCount\": 3").Drift!;
        Assert.Equal([0.1, 1.0, 10.0], log.ResolvedLags().Select(l => Math.Round(l, 12)));
        Assert.Equal([0.0], log.ResolvedReferences());
    }

    [Theory]
    [InlineData("\"freezTime\": 2", "drift.freezTime")]
    [InlineData("\"freezeTime\": 0", "drift.freezeTime")]
    [InlineData("\"lags\": []", "drift.lags")]
    [InlineData("\"lags\": [1], \"lagSpacing\": \"log\"", "drift.lags")]
    [InlineData("\"probes\": [-1]", "drift.probes")]
    [InlineData("\"hiddenLearning\": true", "drift.hiddenLearning")]
    [InlineData("\"readoutFit\": \"sometimes\"", "drift.readoutFit")]
    [InlineData("\"readoutFit\": \"freeze\"", "drift.readoutFit")]
    public void RejectsBadFields(string drift, string field)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(drift));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void PlanPlacesEventsOnTheStepGridAndRefusesLagsPastTheEnd()
    {
        var plan = DriftPlan.Build(Parse("\"freezeTime\": 1.004, \"referenceTimes\": [0, 1], \"lags\": [0.5, 2]"));
        Assert.Equal(100, plan.FreezeStep);
        Assert.Equal([0L, 50, 100, 150, 200, 300], plan.SnapshotSteps);
        Assert.Equal(1000, plan.EventSteps()[^1]);
        Assert.Throws<ConfigException>(() => DriftPlan.Build(Parse("\"referenceTimes\": [9], \"lags\": [2]")));
        Assert.Throws<ConfigException>(() => DriftPlan.Build(Parse("\"freezeTime\": 11, \"lags\": [2]")));
    }
}
