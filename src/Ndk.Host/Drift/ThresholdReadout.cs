namespace Ndk.Host.Drift;

/// <summary>
/// The paper's read-out of a drifting predictor: one threshold (and orientation) on the scalar predictor
/// values, fitted to the training points and applied to the test points. It asks whether the predictor
/// still separates the classes, whatever its scale or offset has become.
/// </summary>
public readonly record struct ThresholdReadout(double Threshold, int Sign)
{
    /// <summary>The predicted label, +1 or -1.</summary>
    public int Classify(double value) => value > Threshold ? Sign : -Sign;

    public double Accuracy(IReadOnlyList<double> values, IReadOnlyList<double> labels)
    {
        if (values.Count != labels.Count) throw new ArgumentException("as many values as labels");
        if (values.Count == 0) return double.NaN;
        int right = 0;
        for (int i = 0; i < values.Count; i++) if (Classify(values[i]) == Math.Sign(labels[i])) right++;
        return (double)right / values.Count;
    }

    /// <summary>
    /// The threshold and sign with the most training points right (ties: the first candidate, so the
    /// fit is deterministic). Candidates are midpoints between sorted values and one below all of them.
    /// </summary>
    public static ThresholdReadout Fit(IReadOnlyList<double> values, IReadOnlyList<double> labels)
    {
        if (values.Count != labels.Count || values.Count == 0) throw new ArgumentException("need as many labels as values, at least one");
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        // Threshold below every value: all points are called +Sign.
        int positives = labels.Count(y => y > 0);
        int aboveRightIfPlus = positives, belowRightIfPlus = 0; // with Sign = +1: points above that are +, below that are -
        var best = new ThresholdReadout(values[order[0]] - 1, 1);
        int bestRight = Math.Max(positives, values.Count - positives);
        if (values.Count - positives > positives) best = best with { Sign = -1 };
        for (int j = 0; j < order.Length; j++)
        {
            // move point order[j] below the threshold
            if (labels[order[j]] > 0) aboveRightIfPlus--; else belowRightIfPlus++;
            if (j + 1 < order.Length && values[order[j + 1]] == values[order[j]]) continue;
            double threshold = j + 1 < order.Length ? 0.5 * (values[order[j]] + values[order[j + 1]]) : values[order[j]];
            int plus = aboveRightIfPlus + belowRightIfPlus, minus = values.Count - plus;
            if (plus > bestRight) { bestRight = plus; best = new ThresholdReadout(threshold, 1); }
            if (minus > bestRight) { bestRight = minus; best = new ThresholdReadout(threshold, -1); }
        }
        return best;
    }
}
