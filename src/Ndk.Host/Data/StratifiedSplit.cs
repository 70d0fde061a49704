namespace Ndk.Host.Data;

/// <summary>
/// A seeded, shuffled, stratified choice of two disjoint subsets of a pool. Each stratum (class)
/// is shuffled first, so that no part of a file is favoured (MNIST's first 5,000 test images are
/// cleaner than the last 5,000); each subset then gets from every stratum its share of the subset's
/// size, apportioned by largest remainder so that no stratum is off its exact proportion by a
/// whole point or more (except where a stratum runs out because nearly the whole pool is taken).
/// Each subset is shuffled at the end so that classes are interleaved.
/// </summary>
internal static class StratifiedSplit
{
    /// <param name="strata">The stratum (0, 1, ...) of each candidate.</param>
    /// <param name="firstCount">Size of the first subset.</param>
    /// <param name="secondCount">Size of the second subset; the two together at most the pool.</param>
    /// <param name="rng">Drives every shuffle, so the result depends only on its seed and the strata.</param>
    /// <returns>Indices into <paramref name="strata"/>.</returns>
    public static (int[] First, int[] Second) Split(int[] strata, int firstCount, int secondCount, Random rng)
    {
        if (firstCount < 0 || secondCount < 0 || (long)firstCount + secondCount > strata.Length)
            throw new ArgumentOutOfRangeException(nameof(firstCount), "the subsets must fit in the pool");

        int strataCount = strata.Length == 0 ? 0 : strata.Max() + 1;
        var members = new int[strataCount][];
        for (int s = 0; s < strataCount; s++)
        {
            members[s] = Enumerable.Range(0, strata.Length).Where(i => strata[i] == s).ToArray();
            Shuffle(members[s], rng);
        }

        var sizes = members.Select(m => m.Length).ToArray();
        var firstShares = Apportion(firstCount, sizes, sizes);
        var secondShares = Apportion(secondCount, sizes, sizes.Zip(firstShares, (n, f) => n - f).ToArray());

        var first = new List<int>(firstCount);
        var second = new List<int>(secondCount);
        for (int s = 0; s < strataCount; s++)
        {
            first.AddRange(members[s].AsSpan(0, firstShares[s]));
            second.AddRange(members[s].AsSpan(firstShares[s], secondShares[s]));
        }
        var firstArray = first.ToArray();
        var secondArray = second.ToArray();
        Shuffle(firstArray, rng);
        Shuffle(secondArray, rng);
        return (firstArray, secondArray);
    }

    /// <summary>
    /// Splits <paramref name="total"/> over strata in proportion to <paramref name="sizes"/>: each
    /// gets the floor of its exact quota, then the rest go one by one to the largest unmet quota,
    /// never beyond a stratum's <paramref name="caps"/> (whose sum is at least the total).
    /// </summary>
    private static int[] Apportion(int total, int[] sizes, int[] caps)
    {
        long poolSize = sizes.Sum(n => (long)n);
        var shares = new int[sizes.Length];
        if (total == 0)
            return shares;
        int given = 0;
        for (int s = 0; s < sizes.Length; s++)
        {
            shares[s] = (int)Math.Min(total * (long)sizes[s] / poolSize, caps[s]);
            given += shares[s];
        }
        for (; given < total; given++)
        {
            // The unmet quota of stratum s, times the pool size: exact integer arithmetic.
            int best = -1;
            long bestUnmet = long.MinValue;
            for (int s = 0; s < sizes.Length; s++)
            {
                long unmet = total * (long)sizes[s] - shares[s] * poolSize;
                if (shares[s] < caps[s] && unmet > bestUnmet)
                    (best, bestUnmet) = (s, unmet);
            }
            shares[best]++;
        }
        return shares;
    }

    private static void Shuffle(Span<int> items, Random rng)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
