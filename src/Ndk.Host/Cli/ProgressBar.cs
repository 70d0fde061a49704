using System.Diagnostics;

namespace Ndk.Host.Cli;

/// <summary>
/// A one-line progress bar on stderr with steps per second and time left. It stays silent for the first
/// two seconds (short runs print nothing), redraws at most four times a second on a terminal, and prints a
/// plain line every 10% when stderr is redirected.
/// </summary>
public sealed class ProgressBar(string label, long total, bool quiet)
{
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly bool _terminal = !Console.IsErrorRedirected;
    double _lastDraw = -1;
    int _lastDecile = -1;
    long _first = -1;
    bool _drawn;

    public void Report(long done)
    {
        if (quiet || total <= 0) return;
        double now = _clock.Elapsed.TotalSeconds;
        if (_first < 0) _first = done;
        if (now < 2 && done < total) return;
        double rate = (done - _first) / Math.Max(now, 1e-9);
        double left = rate > 0 ? (total - done) / rate : double.NaN;
        double frac = Math.Clamp((double)done / total, 0, 1);
        if (_terminal)
        {
            if (now - _lastDraw < 0.25 && done < total) return;
            _lastDraw = now;
            int width = 30, fill = (int)(frac * width);
            Console.Error.Write($"\r{label} [{new string('#', fill)}{new string('.', width - fill)}] {frac,4:P0} {done}/{total} steps, {rate:F1} steps/s, {Format(left)} left   ");
            _drawn = true;
        }
        else
        {
            int decile = (int)(frac * 10);
            if (decile == _lastDecile) return;
            _lastDecile = decile;
            Console.Error.WriteLine($"{label}: {frac:P0} ({done}/{total} steps, {rate:F1} steps/s, {Format(left)} left)");
        }
    }

    public void Done()
    {
        if (_drawn) Console.Error.WriteLine();
    }

    static string Format(double seconds) =>
        double.IsFinite(seconds) ? TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss") : "?";
}
