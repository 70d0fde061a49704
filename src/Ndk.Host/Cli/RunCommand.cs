using System.CommandLine;
using Ndk.Host.Experiments;

namespace Ndk.Host.Cli;

public static class RunCommand
{
    public static Command Build()
    {
        var config = new Argument<string?>("config") { Arity = ArgumentArity.ZeroOrOne, Description = "Experiment config (JSON); none = the embedded default, MNIST 0 vs 1 with relu" };
        var output = new Option<string?>("--out") { Description = "Run directory (default: runs/<name>-<time>)" };
        var device = new Option<string?>("--device") { Description = "auto | cpu | cuda | cuda:N | opencl | ilgpu-cpu (overrides the config)" };
        var set = new Option<string[]>("--set") { Description = "Override a config field, e.g. --set dynamics.temperature=0.02 (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var force = new Option<bool>("--force") { Description = "Replace the outputs of an existing run directory" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output (for scripts)" };
        var resume = new Option<string?>("--resume") { Description = "Continue the interrupted run in this directory" };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (0-based, e.g. 0/4) and write mergeable statistics" };
        var cmd = new Command("run", "Train a Langevin ensemble, solve the NDK theory at the same times and points, and compare")
        {
            config, output, device, set, force, quiet, resume, shard,
        };
        cmd.SetAction(r => CommandErrors.Guard(() =>
        {
            var options = new RunOptions
            {
                ConfigPath = r.GetValue(config), OutDir = r.GetValue(output), Device = r.GetValue(device),
                Sets = r.GetValue(set) ?? [], Force = r.GetValue(force), Quiet = r.GetValue(quiet), ResumeDir = r.GetValue(resume),
                Shard = r.GetValue(shard) is string sh ? ShardSpec.Parse(sh) : null,
            };
            if (options.ResumeDir != null && (options.ConfigPath != null || options.Sets.Count > 0 || options.Shard != null))
                throw new ConfigException("--resume continues a run with its own config.json; do not give a config or --set with it");
            using var interruption = new Interruption();
            return new ExperimentRunner(options, Backends.Open).Run(interruption.Token);
        }));
        return cmd;
    }
}
