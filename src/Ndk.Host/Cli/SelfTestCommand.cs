using System.CommandLine;
using System.Text.Json.Nodes;
using Ndk.Gpu.Cpu;
using Ndk.Gpu.Devices;
using Ndk.Gpu.Ilgpu;
using Ndk.Host.Reports;

namespace Ndk.Host.Cli;

/// <summary>
/// `ndk selftest --device D`: the backend-equality check on the device at hand (for a lent GPU machine):
/// its noise against the managed generator, and the standard tiny cases against the CPU backend.
/// </summary>
public static class SelfTestCommand
{
    public static Command Build()
    {
        var device = new Option<string>("--device") { Description = "The device to check against the CPU backend", DefaultValueFactory = _ => "auto" };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file" };
        var cmd = new Command("selftest", "Check a device against the CPU backend: noise, and trajectories after 100 steps") { device, json };
        cmd.SetAction(r => CommandErrors.Guard(() =>
        {
            using var backend = Backends.Open(r.GetValue(device)!, m => Console.Error.WriteLine($"warning: {m}"));
            using var reference = new CpuBackend();
            var o = new JsonObject { ["backend"] = backend.Name, ["description"] = backend.Description, ["bound"] = BackendComparison.Bound };
            if (backend is IlgpuBackend g)
            {
                var noise = IlgpuNoiseCheck.Run(g);
                Console.WriteLine($"noise: {noise.BitIdentical} of {noise.Values} normals bit-identical, max |difference| {noise.MaxAbsDifference:G3}");
                o["noise"] = new JsonObject { ["values"] = noise.Values, ["bitIdentical"] = noise.BitIdentical, ["maxAbsDifference"] = noise.MaxAbsDifference };
            }
            var cases = new JsonArray();
            bool all = true;
            foreach (var (name, setup) in BackendComparison.StandardSetups())
            {
                var c = BackendComparison.Compare(name, reference, backend, setup);
                all &= c.Passed;
                Console.WriteLine($"{(c.Passed ? "pass" : "FAIL")} {name}: init {c.Init:G3}, weights {c.Weights:G3}, outputs {c.Outputs:G3} after {BackendComparison.Steps} steps (bound {BackendComparison.Bound:G1})");
                cases.Add(new JsonObject { ["case"] = name, ["init"] = c.Init, ["weights"] = c.Weights, ["outputs"] = c.Outputs, ["passed"] = c.Passed, ["seconds"] = c.Seconds });
            }
            o["cases"] = cases;
            o["passed"] = all;
            if (r.GetValue(json) is string path) AtomicFile.WriteText(path, o.ToJsonString(new() { WriteIndented = true }) + "\n");
            return all ? 0 : CommandErrors.Failure;
        }));
        return cmd;
    }
}
