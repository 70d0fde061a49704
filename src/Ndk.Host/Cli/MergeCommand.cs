using System.CommandLine;
using Ndk.Host.Experiments;

namespace Ndk.Host.Cli;

public static class MergeCommand
{
    public static Command Build()
    {
        var dirs = new Argument<string[]>("dirs") { Arity = ArgumentArity.OneOrMore, Description = "The shard run directories (from `ndk run --shard i/n`)" };
        var output = new Option<string>("--out") { Description = "Directory for the merged outputs", Required = true };
        var force = new Option<bool>("--force") { Description = "Write into a non-empty output directory" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output" };
        var cmd = new Command("merge", "Merge the shards of one run into the outputs a single run writes") { dirs, output, force, quiet };
        cmd.SetAction(r => CommandErrors.Guard(() => ShardMerger.Merge(r.GetValue(dirs)!, r.GetValue(output)!, r.GetValue(force), r.GetValue(quiet))));
        return cmd;
    }
}
