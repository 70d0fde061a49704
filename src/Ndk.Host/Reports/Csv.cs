using System.Globalization;

namespace Ndk.Host.Reports;

/// <summary>Invariant-culture number formatting for CSV files: round-trip precision, NaN as empty.</summary>
internal static class Csv
{
    public static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
}
