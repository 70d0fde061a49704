using Ndk.Host.Data;
using Ndk.Host.Experiments;

namespace Ndk.Host.Cli;

/// <summary>Maps failures to one-line messages and exit codes: 2 for usage and input errors, 1 for everything else.</summary>
public static class CommandErrors
{
    public const int Usage = 2, Failure = 1;

    public static int Guard(Func<int> action)
    {
        try { return action(); }
        catch (Exception e) when (e is ConfigException or DataException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Usage;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Usage;
        }
        catch (OperationCanceledException e)
        {
            Console.Error.WriteLine("error: cancelled");
            if (Environment.GetEnvironmentVariable("NDK_DEBUG") == "1") Console.Error.WriteLine(e);
            return ExperimentRunner.ExitInterrupted;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("NDK_DEBUG") == "1") Console.Error.WriteLine(e);
            return Failure;
        }
    }
}
