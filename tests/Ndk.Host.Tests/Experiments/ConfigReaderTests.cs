using Ndk.Host.Experiments;

namespace Ndk.Host.Tests.Experiments;

public class ConfigReaderTests
{
    const string Minimal = """{ "name": "t", "dynamics": { "temperature": 0.1 } }""";

    static ConfigException Fails(string json, params string[] overrides) =>
        Assert.Throws<ConfigException>(() => ConfigReader.Parse(json, "cfg.json", overrides));

    [Fact]
    public void FillsDefaultsAndRoundTripsThroughTheResolvedConfig()
    {
        var c = ConfigReader.Parse(Minimal, "cfg.json");
        Assert.Equal(0.1, c.Dynamics.Temperature);
        Assert.Equal(2.0, c.Dynamics.Sigma2);
        Assert.Equal("relu", c.Network.Activation);
        string resolved = ConfigWriter.ToJson(c);
        var again = ConfigReader.Parse(resolved, "config.json");
        Assert.Equal(resolved, ConfigWriter.ToJson(again));
        Assert.Contains("\"tMax\": 10", resolved);
    }

    [Fact]
    public void TheEmbeddedDefaultIsAValidMnistReluConfig()
    {
        var c = ConfigReader.Parse(EmbeddedDefault.Json(), "default");
        Assert.Equal("mnist", c.Data.Kind);
        Assert.Equal("relu", c.Network.Activation);
        Assert.True(c.Network.Width >= 256);
        Assert.True(c.Ensemble.Size >= 64);
    }

    [Fact]
    public void UnknownFieldsAreErrorsWithTheClosestValidName()
    {
        var e = Fails("""{ "dynamics": { "temprature": 0.1 } }""");
        Assert.Contains("cfg.json", e.Message);
        Assert.Contains("dynamics.temprature", e.Message);
        Assert.Contains("did you mean 'temperature'", e.Message);
        Assert.Contains("unknown field 'bogus'", Fails("""{ "bogus": 1 }""").Message);
    }

    [Theory]
    [InlineData("""{ "dynamics": { "temperature": -1 } }""", "dynamics.temperature", "-1", ">= 0")]
    [InlineData("""{ "dynamics": { "sigma2": 0 } }""", "dynamics.sigma2", "0", "> 0")]
    [InlineData("""{ "dynamics": { "dt": 0 } }""", "dynamics.dt", "0", "> 0")]
    [InlineData("""{ "dynamics": { "dt": "fast" } }""", "dynamics.dt", "\"fast\"", "> 0")]
    [InlineData("""{ "network": { "width": 0 } }""", "network.width", "0", ">= 1")]
    [InlineData("""{ "network": { "activation": "sigmoid" } }""", "network.activation", "sigmoid", "\"relu\"")]
    [InlineData("""{ "ensemble": { "size": 7 } }""", "ensemble.size", "7", "even")]
    [InlineData("""{ "ensemble": { "antithetic": "yes" } }""", "ensemble.antithetic", "yes", "true or false")]
    [InlineData("""{ "data": { "classes": [1, 2, 3] } }""", "data.classes", "[1, 2, 3]", "two class")]
    [InlineData("""{ "record": { "times": [1, 5] }, "dynamics": { "tMax": 2 } }""", "record", "5", "tMax = 2")]
    [InlineData("""{ "device": "tpu" }""", "device", "tpu", "cuda")]
    [InlineData("""{ "network": 3 }""", "network", "3", "an object")]
    public void BadValuesNameTheFieldTheValueAndWhatIsValid(string json, string field, string value, string valid)
    {
        var e = Fails(json);
        Assert.Contains(field, e.Message);
        Assert.Contains(value, e.Message);
        Assert.Contains(valid, e.Message);
    }

    [Fact]
    public void InvalidJsonNamesTheLine()
    {
        var e = Fails("{\n \"name\": \"x\",\n \"data\": { \n}}}");
        Assert.Contains("cfg.json: not valid JSON (line 4", e.Message);
    }

    [Fact]
    public void SetOverridesFieldsAndIsValidatedLikeTheFile()
    {
        var c = ConfigReader.Parse(Minimal, "cfg.json", ["dynamics.temperature=0.02", "network.activation=erf", "data.classes=[4,9]"]);
        Assert.Equal(0.02, c.Dynamics.Temperature);
        Assert.Equal("erf", c.Network.Activation);
        Assert.Equal([4, 9], c.Data.Classes!);
        Assert.StartsWith("--set dynamics.dt=-3 (applied to cfg.json): field 'dynamics.dt'", Fails(Minimal, "dynamics.dt=-3").Message);
        Assert.Contains("key=value", Fails(Minimal, "dynamics.dt").Message);
        // A misspelt --set key is blamed on the --set, not on the file.
        var typo = Fails(Minimal, "network.widht=64").Message;
        Assert.StartsWith("--set network.widht=64 (applied to cfg.json): unknown field 'network.widht'", typo);
        Assert.Contains("did you mean 'width'", typo);
    }

    [Fact]
    public void RecordTimesAreLaidOutAndPlacedOnTheStepGrid()
    {
        var c = ConfigReader.Parse("""{ "record": { "spacing": "log", "from": 0.1, "to": 10, "count": 3 }, "dynamics": { "dt": 0.03 } }""", "cfg.json");
        var s = RecordSchedule.Build(c.Record, c.Dynamics);
        Assert.Equal([0L, 3L, 33L, 333L], s.Steps);
        Assert.Equal(333 * 0.03, s.Times[^1], 12);
        var lin = ConfigReader.Parse("""{ "record": { "spacing": "linear", "from": 0, "to": 1, "count": 5, "includeZero": false } }""", "c");
        Assert.Equal([0, 0.25, 0.5, 0.75, 1.0], RecordSchedule.RequestedTimes(lin.Record));
    }
}
