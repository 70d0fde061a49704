using Ndk.Host.Data;

namespace Ndk.Host.Tests.Data;

public class IdxTests
{
    /// <summary>Six 2x3 images whose pixel j of image i is 10 i + j + 1, labels i mod 2.</summary>
    internal static (byte[] Images, byte[] Labels) TinySet()
    {
        var pixels = Enumerable.Range(0, 6).SelectMany(i => Enumerable.Range(0, 6).Select(j => (byte)(10 * i + j + 1))).ToArray();
        var labels = Enumerable.Range(0, 6).Select(i => (byte)(i % 2)).ToArray();
        return (TestFiles.Idx([6, 2, 3], pixels), TestFiles.Idx([6], labels));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripsATinyFile(bool gzip)
    {
        using var files = new TestFiles();
        var (images, labels) = TinySet();
        files.WriteBytes("images.idx", images, gzip);
        files.WriteBytes("labels.idx", labels, gzip);

        var data = DatasetBuilder.Build(new DataSpec
        {
            Kind = "idx", Images = "images.idx", Labels = "labels.idx", Train = 4, Test = 2, Normalize = "none",
        }, files.Directory);

        Assert.Equal(6, data.InputDim);
        Assert.Equal(Enumerable.Range(0, 6), data.TrainSource.Concat(data.TestSource).Order());
        for (int i = 0; i < 4; i++)
        {
            int r = data.TrainSource[i];
            Assert.Equal(Enumerable.Range(0, 6).Select(j => (double)(10 * r + j + 1)), data.TrainX[i]);
            Assert.Equal(r % 2 == 0 ? 1.0 : -1.0, data.TrainY[i]);
        }
        // Stratified: three of each class in the pool, two of each in train, one in test.
        Assert.Equal(2, data.TrainY.Count(y => y > 0));
        Assert.Equal(1, data.TestY.Count(y => y > 0));
    }

    [Fact]
    public void ReadsDimensionsAndValues()
    {
        using var files = new TestFiles();
        var path = files.WriteBytes("a.idx", TestFiles.Idx([2, 1, 3], [1, 2, 3, 4, 5, 255]), gzip: true);

        var array = IdxReader.Read(path, 3);

        Assert.Equal([2, 1, 3], array.Dimensions);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 255 }, array.Values);
    }

    [Fact]
    public void PoolsTinyImages()
    {
        using var files = new TestFiles();
        var pixels = Enumerable.Range(0, 2 * 16).Select(i => (byte)i).ToArray();
        files.WriteBytes("images.idx", TestFiles.Idx([2, 4, 4], pixels));
        files.WriteBytes("labels.idx", TestFiles.Idx([2], [0, 1]));

        var data = DatasetBuilder.Build(new DataSpec
        {
            Kind = "idx", Images = "images.idx", Labels = "labels.idx", Train = 1, Test = 1, Normalize = "none", Pool = 2,
        }, files.Directory);

        var image0 = data.TrainSource[0] == 0 ? data.TrainX[0] : data.TestX[0];
        // Blocks of the 4x4 image 0..15: {0,1,4,5} {2,3,6,7} {8,9,12,13} {10,11,14,15}.
        Assert.Equal([2.5, 4.5, 10.5, 12.5], image0);
    }
}
