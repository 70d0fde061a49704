using Ndk.Host.Tests.TestSupport;

namespace Ndk.Host.Tests.Drift;

/// <summary>`ndk drift` end to end on a tiny problem: the files it promises, their headers, and its refusals.</summary>
[Collection(ConsoleCollection.Name)]
public class DriftCommandTests
{
    const string Config = """
    { "name": "tiny-drift", "data": { "kind": "gaussian", "inputDim": 6, "train": 4, "test": 3 },
      "network": { "width": 32, "activation": "relu" },
      "dynamics": { "temperature": 0.5, "sigma2": 1.0, "sigma02": 1.0, "dt": 0.02, "tMax": 3 },
      "ensemble": { "size": 4 }, "record": { "spacing": "list", "times": [0, 0.5, 1, 2, 3] },
      "drift": { "freezeTime": 1, "lags": [0.5, 1], "probeCount": 2 }, "device": "cpu" }
    """;

    [Fact]
    public void WritesCsvFiguresAndReport()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("c.json"), Config);
        var (exit, output, error) = NdkInProcess.Invoke("drift", dir.File("c.json"), "--out", dir.File("out"), "--quiet");
        Assert.True(exit == 0, error);
        Assert.Contains("report:", output);
        foreach (var f in new[] { "config.json", "rho.csv", "frozen.csv", "accuracy.csv", "rho.png", "frozen.png", "accuracy.png", "report.md" })
            Assert.True(File.Exists(Path.Combine(dir.File("out"), f)), f);
        Assert.StartsWith("t,tau,layer,sim_mean,sim_se,theory\n", File.ReadAllText(Path.Combine(dir.File("out"), "rho.csv")));
        var frozen = File.ReadAllLines(Path.Combine(dir.File("out"), "frozen.csv"));
        Assert.Equal("t,split,point,sim_mean,sim_se,theory", frozen[0]);
        Assert.Equal(1 + 5 * 7, frozen.Length);
        // A second run into the same directory needs --force.
        Assert.NotEqual(0, NdkInProcess.Invoke("drift", dir.File("c.json"), "--out", dir.File("out"), "--quiet").Exit);
    }

    [Fact]
    public void RefusesAConfigWithoutADriftSection()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("c.json"), Config.Replace("\"drift\": { \"freezeTime\": 1, \"lags\": [0.5, 1], \"probeCount\": 2 }, ", ""));
        var (exit, _, error) = NdkInProcess.Invoke("drift", dir.File("c.json"), "--out", dir.File("out"));
        Assert.NotEqual(0, exit);
        Assert.Contains("drift", error);
    }
}
