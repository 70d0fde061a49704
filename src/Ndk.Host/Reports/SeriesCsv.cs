using System.Text;
using Ndk.Host.Comparison;

namespace Ndk.Host.Reports;

/// <summary>series.csv: t,split,point,sim_mean,sim_se,sim_var,theory_mean,theory_var,z — one row per record time and point.</summary>
public static class SeriesCsv
{
    public const string Header = "t,split,point,sim_mean,sim_se,sim_var,theory_mean,theory_var,z";

    public static void Write(string path, IEnumerable<ComparisonRow> rows)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
            sb.Append(Csv.Num(r.T)).Append(',').Append(r.Split).Append(',').Append(r.Point).Append(',')
              .Append(Csv.Num(r.SimMean)).Append(',').Append(Csv.Num(r.SimSe)).Append(',').Append(Csv.Num(r.SimVar)).Append(',')
              .Append(Csv.Num(r.TheoryMean)).Append(',').Append(Csv.Num(r.TheoryVar)).Append(',').Append(Csv.Num(r.Z)).Append('\n');
        AtomicFile.WriteText(path, sb.ToString());
    }
}
