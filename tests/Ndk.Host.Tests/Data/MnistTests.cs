using Ndk.Host.Data;

namespace Ndk.Host.Tests.Data;

public class MnistTests
{
    private static readonly string Images = Path.Combine(AppContext.BaseDirectory, "data", "mnist", "t10k-images-idx3-ubyte.gz");
    private static readonly string Labels = Path.Combine(AppContext.BaseDirectory, "data", "mnist", "t10k-labels-idx1-ubyte.gz");

    [Fact]
    public void VendoredMnistHasThePublishedClassCountsAndPixelMean()
    {
        var pool = IdxSource.Load(Images, Labels);

        Assert.Equal(10_000, pool.Count);
        Assert.Equal(new ImageShape(28, 28), pool.Shape);
        var counts = new int[10];
        double sum = 0;
        var row = new double[pool.FeatureCount];
        for (int i = 0; i < pool.Count; i++)
        {
            counts[(int)pool.Label(i)]++;
            pool.CopyFeatures(i, row);
            sum += row.Sum();
        }
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], counts);
        Assert.Equal(33.79, sum / (10_000.0 * 784), 2);
    }

    [Fact]
    public void BuildsABinaryTaskOnTheSphere()
    {
        var data = DatasetBuilder.Build(new DataSpec { Kind = "mnist", Classes = [3, 8], Train = 50, Test = 200 }, ".");

        Assert.Equal(784, data.InputDim);
        Assert.Equal(50, data.TrainX.Length);
        Assert.Equal(200, data.TestX.Length);
        // Relative 1e-12: summing 784 squares to check the norm itself rounds by a few 1e-12.
        foreach (var x in data.TrainX.Concat(data.TestX))
            Assert.True(Math.Abs(x.Sum(v => v * v) - 784) < 1e-12 * 784);

        // Labels follow the source: class 3 -> +1, class 8 -> -1.
        var pool = IdxSource.Load(Images, Labels);
        for (int i = 0; i < data.TrainSource.Length; i++)
            Assert.Equal(pool.Label(data.TrainSource[i]) == 3 ? 1.0 : -1.0, data.TrainY[i]);
        for (int i = 0; i < data.TestSource.Length; i++)
            Assert.Equal(pool.Label(data.TestSource[i]) == 3 ? 1.0 : -1.0, data.TestY[i]);
        Assert.Contains("class 3 -> +1, class 8 -> -1", data.Description);
    }

    [Fact]
    public void SplitIsStratifiedSeededAndDisjoint()
    {
        var spec = new DataSpec { Kind = "mnist", Classes = [0, 1], Train = 50, Test = 200, Seed = 5 };
        var a = DatasetBuilder.Build(spec, ".");
        var b = DatasetBuilder.Build(spec, ".");
        var c = DatasetBuilder.Build(spec with { Seed = 6 }, ".");

        // Pool: 980 zeros, 1135 ones.
        Assert.InRange(a.TrainY.Count(y => y > 0), 50 * 980 / 2115.0 - 1, 50 * 980 / 2115.0 + 1);
        Assert.InRange(a.TestY.Count(y => y > 0), 200 * 980 / 2115.0 - 1, 200 * 980 / 2115.0 + 1);
        Assert.Empty(a.TrainSource.Intersect(a.TestSource));
        Assert.Equal(50, a.TrainSource.Distinct().Count());
        Assert.Equal(200, a.TestSource.Distinct().Count());

        Assert.Equal(a.TrainSource, b.TrainSource);
        Assert.Equal(a.TestSource, b.TestSource);
        Assert.Equal(a.TrainX, b.TrainX);
        Assert.NotEqual(a.TrainSource, c.TrainSource);
        Assert.NotEqual(a.TestSource, c.TestSource);

        // Shuffled before choosing: both halves of the file contribute.
        Assert.Contains(a.TestSource, r => r < 5000);
        Assert.Contains(a.TestSource, r => r >= 5000);
    }

    [Fact]
    public void PoolingAveragesTwoByTwoBlocks()
    {
        var data = DatasetBuilder.Build(
            new DataSpec { Kind = "mnist", Train = 3, Test = 2, Pool = 2, Normalize = "none" }, ".");
        var pool = IdxSource.Load(Images, Labels);
        var raw = new double[784];
        pool.CopyFeatures(data.TrainSource[0], raw);

        Assert.Equal(196, data.InputDim);
        // Pooled pixel (row 7, column 9) averages raw rows 14-15, columns 18-19.
        double expected = (raw[14 * 28 + 18] + raw[14 * 28 + 19] + raw[15 * 28 + 18] + raw[15 * 28 + 19]) / 4;
        Assert.Equal(expected, data.TrainX[0][7 * 14 + 9]);
        Assert.Contains("28x28 pooled by 2 to 14x14", data.Description);
    }
}
