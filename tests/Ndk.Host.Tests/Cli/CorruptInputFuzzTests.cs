using System.IO.Compression;
using System.Text.Json.Nodes;
using Ndk.Host.Tests.TestSupport;

namespace Ndk.Host.Tests.Cli;

/// <summary>
/// Randomly corrupted configs and data files (seeded): every one must end with exit code 2 and an
/// "error:" line, never an unhandled exception (exit 1) or a hang. Each corruption is invalid by
/// construction (a wrong type, an out-of-range value, an unknown field, a truncated or bit-flipped gzip,
/// a non-numeric or ragged CSV row), so exit 2 is the only right answer.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class CorruptInputFuzzTests
{
    static readonly (string Path, JsonNode Bad)[] BadValues =
    [
        ("dynamics.temperature", -0.5), ("dynamics.sigma2", 0), ("dynamics.sigma2", "two"), ("dynamics.dt", -1),
        ("dynamics.dt", JsonValue.Create(true)), ("dynamics.sigma02", -1), ("dynamics.tMax", 0.1), ("network.width", 0),
        ("network.depth", 0), ("network.depth", 1.5), ("network.activation", "gelu"), ("ensemble.size", 15),
        ("ensemble.size", -2), ("ensemble.seed", -1), ("ensemble.antithetic", 1), ("data.kind", "cifar"),
        ("data.train", -1), ("data.train", 100000), ("data.test", -3), ("data.normalize", "unit"), ("data.pool", 0),
        ("data.classes", new JsonArray(1)), ("data.classes", "0,1"), ("record.count", 0), ("record.spacing", "cubic"),
        ("record.times", new JsonArray(-1.0)), ("device", "tpu:0"), ("precision", "half"), ("theory.variance", "no"),
        ("output.checkpointMinutes", -1),
    ];

    static JsonObject Base() => JsonNode.Parse(TinyExperiment.Json())!.AsObject();

    static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var obj = root;
        foreach (var p in parts[..^1]) obj = obj[p]!.AsObject();
        obj[parts[^1]] = value;
    }

    static void AssertUsageError(string[] args, string what)
    {
        var (exit, _, err) = NdkInProcess.Invoke(args);
        Assert.True(exit == 2, $"{what}: exit {exit}, stderr: {err}");
        Assert.Contains("error:", err);
        Assert.DoesNotContain("   at ", err); // no stack trace
    }

    [Fact]
    public void CorruptedConfigsAllEndInAUsageError()
    {
        var rng = new Random(20261203);
        using var dir = new TempDirectory();
        int cases = 0;
        for (; cases < 120; cases++)
        {
            var root = Base();
            switch (cases % 4)
            {
                case 0:
                case 1:
                    var (path, bad) = BadValues[rng.Next(BadValues.Length)];
                    Set(root, path, bad.DeepClone());
                    break;
                case 2: // a misspelt field
                    var section = new[] { "data", "network", "dynamics", "ensemble", "record" }[rng.Next(5)];
                    var obj = root[section]!.AsObject();
                    var name = obj.Select(p => p.Key).ElementAt(rng.Next(obj.Count));
                    var value = obj[name]?.DeepClone();
                    obj.Remove(name);
                    obj[name + "x"] = value;
                    break;
                default: // truncated JSON text
                    string text = root.ToJsonString();
                    string cut = text[..rng.Next(1, text.Length - 1)];
                    string f = TinyExperiment.Write(dir, cut, $"cut{cases}.json");
                    AssertUsageError(["run", f, "--out", dir.File($"r{cases}"), "--quiet"], $"truncated config {cut}");
                    continue;
            }
            string file = TinyExperiment.Write(dir, root.ToJsonString(), $"c{cases}.json");
            AssertUsageError(["run", file, "--out", dir.File($"r{cases}"), "--quiet"], root.ToJsonString());
        }
        Assert.Equal(120, cases);
    }

    [Fact]
    public void CorruptedDataFilesAllEndInAUsageError()
    {
        var rng = new Random(7);
        using var dir = new TempDirectory();
        // A valid CSV task and a valid IDX pair to corrupt.
        var csv = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"{i % 3}.5,{(i * 7) % 5},{i % 2 + 1},{(i % 2 == 0 ? 1 : -1)}")) + "\n";
        byte[] images = Gzip([0, 0, 8, 3, 0, 0, 0, 12, 0, 0, 0, 2, 0, 0, 0, 2, .. Enumerable.Range(0, 48).Select(i => (byte)(i * 5 + 1))]);
        byte[] labels = Gzip([0, 0, 8, 1, 0, 0, 0, 12, .. Enumerable.Range(0, 12).Select(i => (byte)(i % 2))]);
        int cases = 0;
        for (; cases < 100; cases++)
        {
            string trainCsv = dir.File($"train{cases}.csv"), testCsv = dir.File($"test{cases}.csv");
            string img = dir.File($"img{cases}.gz"), lab = dir.File($"lab{cases}.gz");
            File.WriteAllText(testCsv, csv);
            File.WriteAllBytes(lab, labels);
            string kind;
            switch (cases % 4)
            {
                case 0: // a non-numeric cell
                    var rows = csv.Split('\n');
                    int r = rng.Next(1, 12);
                    var cells = rows[r].Split(',');
                    cells[rng.Next(cells.Length)] = new[] { "abc", "1..2", "--", "NaN", "Infinity", "" }[rng.Next(6)];
                    rows[r] = string.Join(',', cells);
                    File.WriteAllText(trainCsv, string.Join('\n', rows));
                    kind = "csv";
                    break;
                case 1: // a ragged row
                    var rr = csv.Split('\n');
                    int k = rng.Next(1, 12);
                    rr[k] = rng.Next(2) == 0 ? rr[k] + ",1" : rr[k][..rr[k].LastIndexOf(',')];
                    File.WriteAllText(trainCsv, string.Join('\n', rr));
                    kind = "csv";
                    break;
                case 2: // a truncated gzip
                    File.WriteAllBytes(img, images[..rng.Next(1, images.Length - 1)]);
                    kind = "idx";
                    break;
                default: // a bit flipped inside the gzip (caught by its CRC, or by the IDX header checks)
                    var flipped = (byte[])images.Clone();
                    int at = rng.Next(10, flipped.Length - 8);
                    flipped[at] ^= (byte)(1 << rng.Next(8));
                    File.WriteAllBytes(img, flipped);
                    kind = "idx";
                    break;
            }
            string data = kind == "csv"
                ? $$"""{ "kind": "csv", "trainFile": "{{Path.GetFileName(trainCsv)}}", "testFile": "{{Path.GetFileName(testCsv)}}", "train": 10, "test": 5, "classes": null, "normalize": "none" }"""
                : $$"""{ "kind": "idx", "images": "{{Path.GetFileName(img)}}", "labels": "{{Path.GetFileName(lab)}}", "classes": [0, 1], "train": 6, "test": 4 }""";
            var root = Base();
            root["data"] = JsonNode.Parse(data);
            string file = TinyExperiment.Write(dir, root.ToJsonString(), $"d{cases}.json");
            AssertUsageError(["run", file, "--out", dir.File($"r{cases}"), "--quiet"], $"case {cases} ({kind})");
            Assert.Contains("failed", File.ReadAllText(Path.Combine(dir.File($"r{cases}"), "status.json")));
        }
        Assert.Equal(100, cases);
    }

    static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(raw);
        return ms.ToArray();
    }
}
