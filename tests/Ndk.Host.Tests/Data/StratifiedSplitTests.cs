using Ndk.Host.Data;

namespace Ndk.Host.Tests.Data;

public class StratifiedSplitTests
{
    [Theory]
    [InlineData(new[] { 7, 3 }, 5, 4)]
    [InlineData(new[] { 980, 1135 }, 50, 200)]
    [InlineData(new[] { 1, 1, 98 }, 10, 20)]
    [InlineData(new[] { 5, 5, 5 }, 7, 8)]
    [InlineData(new[] { 3, 1 }, 3, 1)]
    public void EveryStratumGetsItsShareWithinOne(int[] sizes, int first, int second)
    {
        var strata = sizes.SelectMany((n, s) => Enumerable.Repeat(s, n)).ToArray();
        int total = strata.Length;

        var (a, b) = StratifiedSplit.Split(strata, first, second, new Random(4));

        Assert.Equal(first, a.Length);
        Assert.Equal(second, b.Length);
        Assert.Empty(a.Intersect(b));
        Assert.Equal(first + second, a.Concat(b).Distinct().Count());
        for (int s = 0; s < sizes.Length; s++)
        {
            Assert.InRange(a.Count(i => strata[i] == s), first * sizes[s] / (double)total - 1, first * sizes[s] / (double)total + 1);
            Assert.InRange(b.Count(i => strata[i] == s), second * sizes[s] / (double)total - 1, second * sizes[s] / (double)total + 1);
        }
    }

    [Fact]
    public void SameSeedSameSplitOtherSeedOther()
    {
        var strata = Enumerable.Range(0, 100).Select(i => i % 2).ToArray();
        var one = StratifiedSplit.Split(strata, 10, 20, new Random(1));
        var again = StratifiedSplit.Split(strata, 10, 20, new Random(1));
        var other = StratifiedSplit.Split(strata, 10, 20, new Random(2));

        Assert.Equal(one.First, again.First);
        Assert.Equal(one.Second, again.Second);
        Assert.NotEqual(one.First, other.First);
    }

    [Fact]
    public void ClassesAreInterleaved()
    {
        var strata = Enumerable.Range(0, 200).Select(i => i < 100 ? 0 : 1).ToArray();
        var (a, _) = StratifiedSplit.Split(strata, 40, 0, new Random(1));

        // Not all of one class first: the first half of the subset holds both.
        Assert.Contains(a.Take(20), i => strata[i] == 0);
        Assert.Contains(a.Take(20), i => strata[i] == 1);
    }
}
