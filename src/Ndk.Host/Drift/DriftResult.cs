namespace Ndk.Host.Drift;

/// <summary>A measured rho_l next to the theory's value.</summary>
public readonly record struct CorrelationRow(CorrelationPoint Sim, double Theory);

/// <summary>The threshold read-out's accuracy at one record time, simulation and theory.</summary>
public readonly record struct AccuracyRow(double Time, double SimTrain, double SimTest, double TheoryTrain, double TheoryTest);

/// <summary>The mean predictor of one split: [record][point], simulation mean and SE, and the theory (NaN where it has none).</summary>
public sealed record SplitSeries(string Split, double[] Labels, double[][] SimMean, double[][] SimSe, double[][] Theory);

/// <summary>Everything `ndk drift` measured and predicted.</summary>
public sealed record DriftResult
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    /// <summary>linear | relu | erf | tanh</summary>
    public required string Activation { get; init; }
    public required double[] Times { get; init; }
    public required double? FreezeTime { get; init; }
    /// <summary>"all weights learning", "frozen readout, hidden prior only" or "frozen readout, hidden learning".</summary>
    public required string Protocol { get; init; }
    public required int[] Probes { get; init; }
    public required SplitSeries Train { get; init; }
    public required SplitSeries Test { get; init; }
    public required IReadOnlyList<CorrelationRow> Correlations { get; init; }
    public required IReadOnlyList<AccuracyRow> Accuracy { get; init; }
    /// <summary>The t -&gt; infinity frozen-readout prediction (train, test) and its threshold accuracy on test; null when nothing freezes.</summary>
    public (double[] Train, double[] Test, double TestAccuracy)? LongTimeLimit { get; init; }
    /// <summary>
    /// The simulation's read-out on its predictor averaged over the record times t &gt;= From = t0 + 10/gamma:
    /// late records are nearly independent draws of the decorrelated state, so averaging them cuts the
    /// ensemble's noise on a small surviving code. Its theory is <see cref="LongTimeLimit"/>: at finite t the
    /// noiseless theory still carries the exp(-gamma (t - t0)) remnant of the learned signal, which a
    /// scale-free threshold reads perfectly. Null when no record is that late.
    /// </summary>
    public (double From, int Records, double SimTest)? LateWindow { get; init; }
    /// <summary>The equilibrium (GP posterior) predictor's threshold accuracy on test, for reference.</summary>
    public required double EquilibriumTestAccuracy { get; init; }
    public required string Backend { get; init; }
    public required double SimSeconds { get; init; }
    public required double TheorySeconds { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
}
