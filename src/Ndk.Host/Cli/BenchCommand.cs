using System.CommandLine;
using System.Text.Json.Nodes;
using Ndk.Host.Bench;
using Ndk.Host.Reports;

namespace Ndk.Host.Cli;

/// <summary>`ndk bench`: steps/s, parameter-updates/s and GFLOP/s of the Langevin step loop; `--peak` measures the machine.</summary>
public static class BenchCommand
{
    public static Command Build()
    {
        var workload = new Option<string>("--workload") { Description = "W1, W2, H200, or E=64,N0=50,N=256,L=2,P=20[,act=relu]", DefaultValueFactory = _ => "W1" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda | opencl | ilgpu-cpu", DefaultValueFactory = _ => "cpu" };
        var steps = new Option<int>("--steps") { Description = "Steps per timed repeat", DefaultValueFactory = _ => 100 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repeats (the median is quoted)", DefaultValueFactory = _ => 3 };
        var peak = new Option<bool>("--peak") { Description = "Measure this machine's FMA peak (GFLOP/s) and memory bandwidth instead" };
        var threads = new Option<int>("--threads") { Description = "Threads for --peak (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var theory = new Option<bool>("--theory") { Description = "Benchmark the theory instead: the mean predictor for P = 200 train, 1,000 test points, erf, L = 2, T = 0.01, t up to 2,000" };
        var json = new Option<string?>("--json") { Description = "Also write the result as JSON to this file" };
        var cmd = new Command("bench", "Benchmark the ensemble engine on a named workload") { workload, device, steps, repeats, peak, threads, theory, json };
        cmd.SetAction(r => CommandErrors.Guard(() =>
        {
            string? jsonPath = r.GetValue(json);
            JsonObject o;
            if (r.GetValue(theory))
            {
                var t = Theory.TheoryBenchmark.Run();
                Console.WriteLine(t);
                o = new JsonObject
                {
                    ["meanSeconds"] = t.MeanSeconds, ["gridSize"] = t.GridSize, ["pairEvaluations"] = t.MeanPairEvaluations,
                    ["train"] = t.Train, ["test"] = t.Test, ["records"] = t.Records, ["tMax"] = t.TMax,
                };
            }
            else if (r.GetValue(peak))
            {
                int t = r.GetValue(threads);
                double fma = PeakProbe.FmaGflops(t), bw = PeakProbe.TriadGBytesPerSecond(t);
                Console.WriteLine($"peak: {fma:F1} GFLOP/s FP32 FMA on {t} threads; memory bandwidth (triad) {bw:F1} GB/s");
                o = new JsonObject { ["fmaGflops"] = fma, ["triadGBytesPerSecond"] = bw, ["threads"] = t };
            }
            else
            {
                if (r.GetValue(steps) < 1 || r.GetValue(repeats) < 1) throw new ArgumentException("--steps and --repeats must be >= 1");
                var w = BenchWorkload.Parse(r.GetValue(workload)!);
                using var backend = Backends.Open(r.GetValue(device)!, m => Console.Error.WriteLine($"warning: {m}"));
                var res = EngineBenchmark.Run(backend, w, r.GetValue(steps), r.GetValue(repeats));
                Console.WriteLine($"bench {w} on {res.Backend} ({backend.Description}):");
                Console.WriteLine($"  {res.StepsPerSecond:F2} steps/s, {res.ParameterUpdatesPerSecond / 1e9:F3} G param-updates/s, {res.GFlops:F1} GFLOP/s effective");
                Console.WriteLine($"  median of {res.SecondsPerRepeat.Length} x {res.Steps} steps: {res.MedianSeconds:F3} s; setup {res.SetupSeconds:F2} s, first step (compile/JIT) {res.FirstStepSeconds:F2} s");
                Console.WriteLine($"  weight traffic >= {BenchResult.WeightBytesPerUpdate} B/update ({BenchResult.WeightBytesPerUpdate * res.ParameterUpdatesPerSecond / 1e9:F1} GB/s); device memory {res.DeviceBytes / 1e6:F1} MB; peak working set {res.PeakWorkingSetBytes / 1e6:F0} MB");
                o = new JsonObject
                {
                    ["backend"] = res.Backend, ["description"] = backend.Description, ["workload"] = w.ToString(), ["steps"] = res.Steps,
                    ["secondsPerRepeat"] = new JsonArray(res.SecondsPerRepeat.Select(s => (JsonNode)s).ToArray()),
                    ["stepsPerSecond"] = res.StepsPerSecond, ["paramUpdatesPerSecond"] = res.ParameterUpdatesPerSecond,
                    ["gflops"] = res.GFlops, ["setupSeconds"] = res.SetupSeconds, ["firstStepSeconds"] = res.FirstStepSeconds,
                    ["weightBytesPerUpdate"] = BenchResult.WeightBytesPerUpdate, ["deviceBytes"] = res.DeviceBytes,
                    ["peakWorkingSetBytes"] = res.PeakWorkingSetBytes,
                    ["phases"] = new JsonArray(res.Phases.Select(p => (JsonNode)new JsonObject
                    {
                        ["name"] = p.Name, ["seconds"] = p.Seconds,
                        ["tflops"] = p.TeraflopsPerSecond, ["gbPerSecond"] = p.GigabytesPerSecond,
                    }).ToArray()),
                };
                foreach (var p in res.Phases) Console.WriteLine($"  phase {p.Name}: {p.TeraflopsPerSecond:F2} TFLOP/s, {p.GigabytesPerSecond:F1} GB/s");
            }
            if (jsonPath != null) AtomicFile.WriteText(jsonPath, o.ToJsonString(new() { WriteIndented = true }) + "\n");
            return 0;
        }));
        return cmd;
    }
}
