using System.Text.Json;
using Ndk.Gpu;
using Ndk.Gpu.Devices;
using Ndk.Gpu.Ilgpu;

// ndk-gpu-probe: the three device commands of experiments/gpu/run-device.sh with the same command lines
//   devices
//   selftest --device D [--json F]     (reference: ILGPU's CPU simulator, since the CPU backend lives elsewhere)
//   bench --device D --workload W --steps S [--profile-steps K] [--json F]
// "cpu" is not available here (no CPU backend in this probe); use ilgpu-cpu for a dry run.
static string? Option(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static IEnsembleBackend Open(string device) =>
    DeviceSelector.Open(device, w => Console.Error.WriteLine($"warning: {w}"),
        () => throw new DeviceUnavailableException("the probe has no CPU backend; use ilgpu-cpu or the ndk binary"));

static void Write(string? path, object value)
{
    string json = JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
    if (path is null) Console.WriteLine(json); else File.WriteAllText(path, json);
}

try
{
    switch (args.FirstOrDefault())
    {
        case "devices":
            Console.WriteLine(DeviceCatalog.List());
            return 0;

        case "selftest":
        {
            using var backend = Open(Option(args, "--device") ?? "auto");
            Console.WriteLine($"device: {backend.Description}");
            IlgpuNoiseCheck.Result? noise = backend is IlgpuBackend ib ? IlgpuNoiseCheck.Run(ib) : null;
            if (noise is not null)
                Console.WriteLine($"noise: {noise.BitIdentical}/{noise.Values} bit-identical, max |diff| {noise.MaxAbsDifference:E2}");
            using var reference = IlgpuBackend.CreateCpuSimulator(threadsPerWarp: 2, warpsPerGroup: 2);
            var results = new List<BackendComparison.Result>();
            // The simulator is the reference here, so only the tiny cases (the wide one takes minutes on it).
            foreach (var (name, setup) in BackendComparison.StandardSetups().Where(c => c.setup.Ensemble.Size <= 4))
            {
                var r = BackendComparison.Compare(name, reference, backend, setup);
                results.Add(r);
                Console.WriteLine($"{name,-14} init {r.Init:E2}  weights {r.Weights:E2}  outputs {r.Outputs:E2}  {(r.Passed ? "ok" : "FAIL")}  ({r.Seconds:F1} s)");
            }
            bool passed = results.All(r => r.Passed) && (noise is null || noise.MaxAbsDifference < 1e-5);
            Write(Option(args, "--json"), new { device = backend.Description, reference = reference.Description, bound = BackendComparison.Bound, noise, cases = results, passed });
            return passed ? 0 : 1;
        }

        case "bench":
        {
            using var backend = Open(Option(args, "--device") ?? "auto");
            var workload = BenchWorkload.Parse(Option(args, "--workload") ?? throw new ArgumentException("bench needs --workload"));
            long steps = long.Parse(Option(args, "--steps") ?? "100");
            int profile = int.Parse(Option(args, "--profile-steps") ?? "10");
            var result = DeviceBench.Run(backend, workload, steps, profile, Console.WriteLine);
            string json = result.ToJson();
            if (Option(args, "--json") is { } path) File.WriteAllText(path, json); else Console.WriteLine(json);
            return result.Finite ? 0 : 1;
        }

        default:
            Console.Error.WriteLine("usage: ndk-gpu-probe devices | selftest --device D [--json F] | bench --device D --workload W --steps S [--profile-steps K] [--json F]");
            return 2;
    }
}
catch (Exception e) when (e is DeviceUnavailableException or InsufficientMemoryException or NotSupportedException or ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 3;
}
