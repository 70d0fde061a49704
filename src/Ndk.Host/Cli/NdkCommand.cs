using System.CommandLine;

namespace Ndk.Host.Cli;

/// <summary>The `ndk` command line: run, theory, merge, devices, bench.</summary>
public static class NdkCommand
{
    public static int Invoke(string[] args)
    {
        var root = new RootCommand("ndk: Langevin ensembles of wide networks against the Neural Dynamical Kernel theory");
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(TheoryCommand.Build());
        root.Subcommands.Add(DevicesCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(MergeCommand.Build());
        root.Subcommands.Add(SelfTestCommand.Build());
        root.Subcommands.Add(DriftCommand.Build());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine("see 'ndk --help' or 'ndk <command> --help'");
            return CommandErrors.Usage;
        }
        return parse.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }
}
