namespace Ndk.Host.Tests.TestSupport;

/// <summary>Tests that call the `ndk` command in-process and read its console output; they must not run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection { public const string Name = "console"; }

/// <summary>Runs the `ndk` command line in-process, capturing stdout and stderr.</summary>
public static class NdkInProcess
{
    static readonly object Gate = new();

    public static (int Exit, string Out, string Err) Invoke(params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o); Console.SetError(e);
            try { return (Ndk.Host.Cli.NdkCommand.Invoke(args), o.ToString(), e.ToString()); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }
}
