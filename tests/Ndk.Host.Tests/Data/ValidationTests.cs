using Ndk.Host.Data;

namespace Ndk.Host.Tests.Data;

/// <summary>Every way the data can be wrong ends in a <see cref="DataException"/> that says what and where.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private DataException Fails(DataSpec spec) =>
        Assert.Throws<DataException>(() => DatasetBuilder.Build(spec, _files.Directory));

    private DataSpec Idx(byte[] images, byte[] labels, bool gzip = false)
    {
        _files.WriteBytes("images.idx", images, gzip);
        _files.WriteBytes("labels.idx", labels, gzip);
        return new DataSpec { Kind = "idx", Images = "images.idx", Labels = "labels.idx", Train = 2, Test = 2 };
    }

    private DataSpec Csv(string text)
    {
        _files.WriteText("d.csv", text);
        return new DataSpec { Kind = "csv", TrainPath = "d.csv", Train = 2, Test = 1 };
    }

    [Fact]
    public void WrongIdxMagic()
    {
        var (images, labels) = IdxTests.TinySet();
        var e = Fails(Idx(labels, images)); // the two files swapped
        Assert.Contains("images.idx: wrong IDX magic number 2049 (0x00000801); expected 2051", e.Message);
    }

    [Fact]
    public void TruncatedIdxPayload()
    {
        var (images, labels) = IdxTests.TinySet();
        var e = Fails(Idx(images[..^5], labels));
        Assert.Contains("truncated IDX payload: the header promises 36 values, the file holds 31", e.Message);
    }

    [Fact]
    public void TruncatedIdxHeader()
    {
        var (images, labels) = IdxTests.TinySet();
        Assert.Contains("truncated IDX header", Fails(Idx(images[..10], labels)).Message);
    }

    [Fact]
    public void TruncatedGzip()
    {
        var (images, labels) = IdxTests.TinySet();
        _files.WriteBytes("labels.idx", labels);
        _files.WriteBytes("images.idx", TestFiles.Gzip(images)[..^12]);
        var e = Fails(new DataSpec { Kind = "idx", Images = "images.idx", Labels = "labels.idx", Train = 2, Test = 2 });
        Assert.Contains("images.idx", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TrailingBytesAfterIdxPayload()
    {
        var (images, labels) = IdxTests.TinySet();
        Assert.Contains("data beyond the 36 values", Fails(Idx([.. images, 0], labels)).Message);
    }

    [Fact]
    public void AbsurdDimensionsAreRefusedBeforeAllocating()
    {
        var (_, labels) = IdxTests.TinySet();
        var e = Fails(Idx(TestFiles.Idx([100_000, 100_000, 28], new byte[100]), labels));
        Assert.Contains("IDX header claims dimension 2 = 100000, more values than a file can hold", e.Message);
    }

    [Fact]
    public void LargeClaimsCostOnlyWhatTheFileHolds()
    {
        var (_, labels) = IdxTests.TinySet();
        var spec = Idx(TestFiles.Idx([100_000, 28, 28], new byte[100]), labels, gzip: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Fails(spec);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("the header promises 78,400,000 values, the file holds 100", e.Message);
        Assert.True(allocated < 4 << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void ImageAndLabelCountsDiffer()
    {
        var (images, _) = IdxTests.TinySet();
        var e = Fails(Idx(images, TestFiles.Idx([5], [0, 1, 0, 1, 0])));
        Assert.Contains("holds 6 images but", e.Message);
        Assert.Contains("holds 5 labels", e.Message);
    }

    [Fact]
    public void UnsupportedIdxElementType()
    {
        var (_, labels) = IdxTests.TinySet();
        var e = Fails(Idx(TestFiles.Idx([1, 1, 1], new byte[4], magic: 0x0D03), labels));
        Assert.Contains("expected 2051 (0x00000803: unsigned bytes in 3 dimensions", e.Message);
    }

    [Fact]
    public void RaggedCsvRow()
    {
        var e = Fails(Csv("1,2,0\n3,4,1\n5,1\n"));
        Assert.Contains("d.csv line 3: 2 cells, but line 1 has 3", e.Message);
    }

    [Fact]
    public void NonNumericCell()
    {
        var e = Fails(Csv("a,b,y\n1,2,0\n3,x7,1\n"));
        Assert.Contains("d.csv line 3, column 2: 'x7' is not a number", e.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void NonFiniteValue(string value)
    {
        var e = Fails(Csv($"1,2,0\n3,{value},1\n1,1,1\n"));
        Assert.Contains($"d.csv line 2, column 2: '{value}' is not finite", e.Message);
    }

    [Fact]
    public void EmptyCsv()
    {
        Assert.Contains("no data rows (only a header)", Fails(Csv("a,b,label\n")).Message);
        Assert.Contains("no data rows (the file is empty)", Fails(Csv("")).Message);
    }

    [Fact]
    public void ClassAbsent()
    {
        var e = Fails(new DataSpec { Kind = "mnist", Classes = [3, 12] });
        Assert.Contains("class 12 does not occur in", e.Message);
        Assert.Contains("labels present: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9", e.Message);
    }

    [Fact]
    public void ClassAbsentFromTheTestFile()
    {
        _files.WriteText("train.csv", "1,0\n2,1\n3,0\n4,1\n");
        _files.WriteText("test.csv", "1,0\n2,0\n");
        var e = Fails(new DataSpec { Kind = "csv", TrainPath = "train.csv", TestPath = "test.csv", Train = 2, Test = 1 });
        Assert.Contains("class 1 does not occur in", e.Message);
        Assert.Contains("test.csv", e.Message);
    }

    [Fact]
    public void MorePointsThanThePoolHolds()
    {
        var e = Fails(new DataSpec { Kind = "mnist", Classes = [0, 1], Train = 2000, Test = 200 });
        Assert.Contains("holds 2,115 examples of classes 0 and 1 (980 and 1,135), too few for train 2000 + test 200", e.Message);
    }

    [Fact]
    public void MorePointsThanTheTestFileHolds()
    {
        var e = Fails(new DataSpec { Kind = "optdigits", Classes = [0, 1], Train = 10, Test = 500 });
        Assert.Contains("optdigits.tes holds", e.Message);
        Assert.Contains("too few for test 500", e.Message);
    }

    [Fact]
    public void PoolFactorMustDivideTheImage()
    {
        var e = Fails(new DataSpec { Kind = "mnist", Pool = 3 });
        Assert.Contains("pool 3 does not divide the 28x28 images", e.Message);
        Assert.Contains("valid factors: 1, 2, 4, 7, 14, 28", e.Message);
    }

    [Fact]
    public void PoolNeedsImages()
    {
        var e = Fails(Csv("1,2,0\n3,4,1\n5,1,1\n") with { Pool = 2 });
        Assert.Contains("pool 2 needs image data", e.Message);
    }

    [Fact]
    public void UnknownKindAndNormalisation()
    {
        Assert.Contains("unknown data kind 'cifar'; valid: mnist, idx, optdigits, csv, orthogonal, gaussian",
            Fails(new DataSpec { Kind = "cifar" }).Message);
        Assert.Contains("unknown normalize 'l2'; valid: sphere, none, standardize",
            Fails(new DataSpec { Normalize = "l2" }).Message);
        Assert.Contains("unknown data kind ''", Fails(new DataSpec { Kind = null! }).Message);
        Assert.Contains("unknown normalize ''", Fails(new DataSpec { Normalize = null! }).Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Fails(new DataSpec { Kind = "csv", TrainPath = "nowhere/train.csv" });
        Assert.Contains("data file not found: " + Path.Combine(_files.Directory, "nowhere", "train.csv"), e.Message);
        Assert.Contains("cannot open data file " + _files.Directory, Fails(new DataSpec { Kind = "csv", TrainPath = "." }).Message);
    }

    [Fact]
    public void MissingPathField()
    {
        Assert.Contains("data kind idx needs the file path 'labels'",
            Fails(new DataSpec { Kind = "idx", Images = "a.idx" }).Message);
        Assert.Contains("data kind csv needs the file path 'train'", Fails(new DataSpec { Kind = "csv" }).Message);
        Assert.Contains("'train' is not a valid path", Fails(new DataSpec { Kind = "csv", TrainPath = "a\0b.csv" }).Message);
    }

    [Fact]
    public void ZeroNormInputUnderSphere()
    {
        var spec = Csv("1,2,0\n3,4,1\n0,0,1\n5,6,0\n") with { Train = 2, Test = 2 };
        var e = Fails(spec);
        Assert.Contains("(line 3 of", e.Message);
        Assert.Contains("is all zeros, so sphere normalisation cannot", e.Message);

        var data = DatasetBuilder.Build(spec with { Normalize = "none" }, _files.Directory);
        Assert.Contains(data.TrainX.Concat(data.TestX), x => x.All(v => v == 0));
    }

    [Fact]
    public void FeatureCountsOfTrainAndTestFilesDiffer()
    {
        _files.WriteText("train.csv", "1,2,0\n2,3,1\n");
        _files.WriteText("test.csv", "1,0\n2,1\n");
        var e = Fails(new DataSpec { Kind = "csv", TrainPath = "train.csv", TestPath = "test.csv", Train = 2, Test = 2 });
        Assert.Contains("has 1 features per row but", e.Message);
    }

    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 1, 1 })]
    [InlineData(new[] { 1, 2, 3 })]
    public void ClassesMustBeTwoDifferentLabels(int[] classes)
    {
        Assert.Contains("classes must be two different labels", Fails(new DataSpec { Classes = classes }).Message);
    }

    [Fact]
    public void BadCounts()
    {
        Assert.Contains("must be 0 or more", Fails(new DataSpec { Train = -1 }).Message);
        Assert.Contains("cannot both be 0", Fails(new DataSpec { Train = 0, Test = 0 }).Message);
        Assert.Contains("pool must be a positive integer", Fails(new DataSpec { Pool = 0 }).Message);
    }

    [Fact]
    public void SyntheticSizes()
    {
        Assert.Contains("needs inputDim >= train + test = 250", Fails(new DataSpec { Kind = "orthogonal", InputDim = 100 }).Message);
        Assert.Contains("needs inputDim (N0) of at least 1", Fails(new DataSpec { Kind = "gaussian" }).Message);
        Assert.Contains("more than the 268,435,456 allowed",
            Fails(new DataSpec { Kind = "gaussian", Train = 1_000_000, InputDim = 1_000_000 }).Message);
        Assert.Contains("more than the 268,435,456 allowed",
            Fails(new DataSpec { Kind = "gaussian", Train = int.MaxValue, Test = int.MaxValue, InputDim = 1 }).Message);
        Assert.Contains("needs train of at least 1", Fails(new DataSpec { Kind = "gaussian", Train = 0, InputDim = 5 }).Message);
    }
}
