namespace Ndk.Host.Data;

/// <summary>
/// The rows of a pool that take part in the task, with their stratum and target: for a binary task
/// the rows of the two classes (stratum 0 / target +1 for the first class, stratum 1 / target -1
/// for the second); with no classes, every row, one stratum, its label as given.
/// </summary>
internal sealed class Candidates
{
    private readonly int[]? _classes;
    private readonly int[] _strataSizes;

    private Candidates(int[] rows, int[] strata, double[] targets, int[]? classes, int[] strataSizes)
    {
        Rows = rows;
        Strata = strata;
        Targets = targets;
        _classes = classes;
        _strataSizes = strataSizes;
    }

    /// <summary>Pool rows (0-based) taking part.</summary>
    public int[] Rows { get; }

    public int[] Strata { get; }

    public double[] Targets { get; }

    /// <param name="classes">Null, or two distinct labels (the builder checks).</param>
    public static Candidates Of(ExamplePool pool, int[]? classes)
    {
        if (classes is null)
        {
            var all = Enumerable.Range(0, pool.Count).ToArray();
            return new Candidates(all, new int[pool.Count], all.Select(r => pool.Label(r)).ToArray(), null, [pool.Count]);
        }

        var rows = new List<int>();
        var strata = new List<int>();
        var sizes = new int[2];
        for (int r = 0; r < pool.Count; r++)
        {
            double label = pool.Label(r);
            int s = label == classes[0] ? 0 : label == classes[1] ? 1 : -1;
            if (s < 0)
                continue;
            rows.Add(r);
            strata.Add(s);
            sizes[s]++;
        }
        for (int s = 0; s < 2; s++)
            if (sizes[s] == 0)
                throw new DataException(
                    $"class {classes[s]} does not occur in {pool.Name}; labels present: {LabelsPresent(pool)}");
        return new Candidates(rows.ToArray(), strata.ToArray(), strata.Select(s => s == 0 ? 1.0 : -1.0).ToArray(), classes, sizes);
    }

    /// <summary>For messages: how many candidates there are, and of which classes.</summary>
    public string Summary() => _classes is null
        ? $"{Rows.Length:N0} examples"
        : $"{Rows.Length:N0} examples of classes {_classes[0]} and {_classes[1]} " +
          $"({_strataSizes[0]:N0} and {_strataSizes[1]:N0})";

    private static string LabelsPresent(ExamplePool pool)
    {
        var labels = Enumerable.Range(0, pool.Count).Select(pool.Label).Distinct().Order().ToArray();
        return labels.Length <= 20
            ? string.Join(", ", labels)
            : $"{string.Join(", ", labels.Take(20))}, ... ({labels.Length} distinct)";
    }
}
