using Ndk.Host.Data;

namespace Ndk.Host.Tests.Data;

public class CsvTests
{
    /// <summary>Rows (i, 2i + 1, label) with labels cycling through 0, 1, 2.</summary>
    private static double[][] Rows(int count, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i => new double[] { i + 1, 2 * i + 1, i % 3 }).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsRowsWithOrWithoutHeader(bool header)
    {
        using var files = new TestFiles();
        var path = files.WriteCsv("t.csv", Rows(4), header ? "a,b,label" : null);

        var table = CsvReader.Read(path);

        Assert.Equal(header, table.HasHeader);
        Assert.Equal(4, table.Rows.Length);
        Assert.Equal([3.0, 5.0, 2.0], table.Rows[2]);
        Assert.Equal(header ? 4 : 3, table.Lines[2]);
    }

    [Fact]
    public void ParsesSpacesExponentsAndBlankLines()
    {
        using var files = new TestFiles();
        var path = files.WriteText("t.csv", " 1.5 , -2e-3,1\n\n3,4,0\r\n");

        var table = CsvReader.Read(path);

        Assert.Equal([[1.5, -2e-3, 1], [3, 4, 0]], table.Rows);
        Assert.Equal([1, 3], table.Lines);
    }

    [Fact]
    public void TrainAndTestFilesRelativeToTheBaseDirectory()
    {
        using var files = new TestFiles();
        files.WriteCsv("train.csv", Rows(30), "x1,x2,y");
        files.WriteCsv("test.csv", Rows(12, offset: 100));

        var data = DatasetBuilder.Build(new DataSpec
        {
            Kind = "csv", TrainPath = "train.csv", TestPath = "test.csv", Classes = [1, 2], Train = 0, Test = 6,
            Normalize = "none",
        }, files.Directory);

        // All 20 training rows of classes 1 and 2; 6 of the 8 test rows, stratified 3 + 3.
        Assert.Equal(20, data.TrainX.Length);
        Assert.Equal(6, data.TestX.Length);
        Assert.Equal(3, data.TestY.Count(y => y > 0));
        Assert.Equal(2, data.InputDim);
        for (int i = 0; i < data.TrainX.Length; i++)
        {
            int r = data.TrainSource[i];
            Assert.Equal(new double[] { r + 1, 2 * r + 1 }, data.TrainX[i]);
            Assert.Equal(r % 3 == 1 ? 1.0 : -1.0, data.TrainY[i]);
        }
        foreach (var r in data.TestSource)
            Assert.NotEqual(0, (r + 100) % 3);
    }

    [Fact]
    public void OneFileIsSplitAndLabelsKeptAsGivenWithoutClasses()
    {
        using var files = new TestFiles();
        files.WriteCsv("all.csv", Rows(30));

        var data = DatasetBuilder.Build(new DataSpec
        {
            Kind = "csv", TrainPath = "all.csv", Classes = null, Train = 10, Test = 0, Normalize = "none",
        }, files.Directory);

        Assert.Equal(10, data.TrainX.Length);
        Assert.Equal(20, data.TestX.Length);
        Assert.Equal(Enumerable.Range(0, 30), data.TrainSource.Concat(data.TestSource).Order());
        for (int i = 0; i < data.TestX.Length; i++)
            Assert.Equal(data.TestSource[i] % 3, data.TestY[i]);
    }

    [Fact]
    public void SphereNormalisationOfCsvRows()
    {
        using var files = new TestFiles();
        files.WriteCsv("all.csv", Rows(30));

        var data = DatasetBuilder.Build(new DataSpec { Kind = "csv", TrainPath = "all.csv", Train = 8, Test = 4 }, files.Directory);

        foreach (var x in data.TrainX.Concat(data.TestX))
            Assert.True(Math.Abs(x[0] * x[0] + x[1] * x[1] - 2) < 1e-12 * 2);
        // Direction kept: (r + 1, 2r + 1) scaled.
        int r = data.TrainSource[0];
        Assert.Equal((2.0 * r + 1) / (r + 1), data.TrainX[0][1] / data.TrainX[0][0], 12);
    }

    [Fact]
    public void StandardizeUsesTrainingStatisticsAndZeroesConstantFeatures()
    {
        using var files = new TestFiles();
        files.WriteCsv("all.csv", Enumerable.Range(0, 40).Select(i => new double[] { i, 7, i % 2 }));

        var data = DatasetBuilder.Build(
            new DataSpec { Kind = "csv", TrainPath = "all.csv", Train = 20, Test = 10, Normalize = "standardize" },
            files.Directory);

        double mean = data.TrainX.Average(x => x[0]);
        double variance = data.TrainX.Average(x => (x[0] - mean) * (x[0] - mean));
        Assert.Equal(0, mean, 12);
        Assert.Equal(1, variance, 12);
        Assert.All(data.TrainX.Concat(data.TestX), x => Assert.Equal(0.0, x[1]));
    }
}
