using System.CommandLine;
using Ndk.Gpu.Devices;

namespace Ndk.Host.Cli;

public static class DevicesCommand
{
    public static Command Build()
    {
        var cmd = new Command("devices", "List every device found, with its memory, and which one `auto` takes");
        cmd.SetAction(r => CommandErrors.Guard(() =>
        {
            Console.WriteLine(DeviceCatalog.List());
            return 0;
        }));
        return cmd;
    }
}
