namespace Ndk.Host.Tests.TestSupport;

/// <summary>Small, fast experiment configs on synthetic data for end-to-end tests of the `ndk` command.</summary>
public static class TinyExperiment
{
    /// <summary>
    /// Orthogonal inputs (N0 = 12, 4 train, 3 test), relu L = 1, N = 64, E = 16 in antithetic pairs, T = 0.2,
    /// dt = 0.02, t up to <paramref name="tMax"/>. The extra JSON is spliced into the root object.
    /// </summary>
    public static string Json(double tMax = 4, int ensemble = 16, string extra = "") => $$"""
    {
      "name": "tiny",
      "data": { "kind": "orthogonal", "inputDim": 12, "train": 4, "test": 3, "normalize": "sphere", "seed": 3, "classes": null },
      "network": { "depth": 1, "width": 64, "activation": "relu" },
      "dynamics": { "temperature": 0.2, "sigma2": 2.0, "sigma02": 1.0, "dt": 0.02, "tMax": {{tMax}} },
      "ensemble": { "size": {{ensemble}}, "antithetic": true, "seed": 11 },
      "record": { "spacing": "linear", "from": 0.5, "to": {{tMax}}, "count": 4, "includeZero": true },
      "theory": { "variance": false },
      "output": { "checkpointMinutes": 0 },
      "device": "cpu"{{extra}}
    }
    """;

    public static string Write(TempDirectory dir, string json, string name = "tiny.json")
    {
        string path = dir.File(name);
        File.WriteAllText(path, json);
        return path;
    }
}
