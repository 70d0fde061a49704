using System.Globalization;
using Ndk.Gpu;

namespace Ndk.Host.Bench;

/// <summary>A benchmark workload: ensemble size, network shape, training points and activation.</summary>
public sealed record BenchWorkload(int E, int N0, int N, int L, int P, Activation Activation = Activation.Relu, int Q = 0)
{
    /// <summary>The performance issue's named workloads.</summary>
    public static readonly IReadOnlyDictionary<string, BenchWorkload> Named = new Dictionary<string, BenchWorkload>(StringComparer.OrdinalIgnoreCase)
    {
        ["W1"] = new(64, 50, 256, 2, 20),
        ["W2"] = new(16, 784, 512, 1, 100),
        ["H200"] = new(1024, 784, 1024, 1, 100),
    };

    /// <summary>Parses "W1" or "E=64,N0=50,N=256,L=2,P=20[,act=relu][,Q=0]".</summary>
    public static BenchWorkload Parse(string text)
    {
        if (Named.TryGetValue(text, out var w)) return w;
        int e = 0, n0 = 0, n = 0, l = 0, p = 0, q = 0;
        var act = Activation.Relu;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) throw new ArgumentException($"--workload: '{part}' is not key=value (valid: {string.Join(", ", Named.Keys)} or E=64,N0=50,N=256,L=2,P=20)");
            string key = kv[0].ToUpperInvariant();
            if (key == "ACT")
            {
                if (!Enum.TryParse(kv[1], true, out act)) throw new ArgumentException($"--workload: act={kv[1]}; valid: linear, relu, erf, tanh");
                continue;
            }
            if (!int.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < (key == "Q" ? 0 : 1))
                throw new ArgumentException($"--workload: {part}: expected a positive integer");
            switch (key)
            {
                case "E": e = v; break;
                case "N0": n0 = v; break;
                case "N": n = v; break;
                case "L": l = v; break;
                case "P": p = v; break;
                case "Q": q = v; break;
                default: throw new ArgumentException($"--workload: unknown key '{kv[0]}' (valid: E, N0, N, L, P, Q, act)");
            }
        }
        if (e == 0 || n0 == 0 || n == 0 || l == 0 || p == 0)
            throw new ArgumentException($"--workload '{text}': give all of E, N0, N, L, P (or a name: {string.Join(", ", Named.Keys)})");
        return new BenchWorkload(e, n0, n, l, p, act, q);
    }

    public NetworkSpec Network => new(N0, N, L, Activation);

    /// <summary>Effective FLOPs per step, counted as the PyTorch peer counts them: 6 P (sum of fan_in * fan_out + N) per member.</summary>
    public double FlopsPerStep => 6.0 * E * P * ((double)N0 * N + (double)(L - 1) * N * N + N);

    public override string ToString() => $"E={E},N0={N0},N={N},L={L},P={P},act={Activation.ToString().ToLowerInvariant()}";
}
