using System.Runtime.InteropServices;

namespace Ndk.Host.Cli;

/// <summary>
/// SIGINT and SIGTERM ask the run to stop at the next step boundary (checkpoint, partial report, non-zero exit).
/// A second signal is left to its default action, so a stuck process can still be killed from the keyboard.
/// </summary>
public sealed class Interruption : IDisposable
{
    readonly CancellationTokenSource _cts = new();
    readonly List<PosixSignalRegistration> _registrations = [];

    public Interruption()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            _registrations.Add(PosixSignalRegistration.Create(signal, ctx =>
            {
                if (_cts.IsCancellationRequested) return;
                ctx.Cancel = true;
                Console.Error.WriteLine($"\n{ctx.Signal}: stopping at the next step boundary (send it again to kill)...");
                _cts.Cancel();
            }));
    }

    public CancellationToken Token => _cts.Token;

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
