using Ndk.Host.Cli;

namespace Ndk.Host;

public static class Program
{
    public static int Main(string[] args) => NdkCommand.Invoke(args);
}
