using Ndk.Host.Data;

namespace Ndk.Host.Tests.Data;

/// <summary>
/// Damaged files (truncated, or with flipped bits) must load or fail with a <see cref="DataException"/>;
/// any other exception is a bug the user would see as a crash.
/// </summary>
public class FuzzTests
{
    private const int Cases = 100;

    private static byte[] Damage(byte[] original, Random rng)
    {
        if (rng.Next(3) == 0)
            return original[..rng.Next(original.Length)];
        var bytes = (byte[])original.Clone();
        for (int flips = rng.Next(1, 4); flips > 0; flips--)
            bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
        return bytes;
    }

    private static void LoadsOrFailsCleanly(DataSpec spec, string directory, int attempt, ref int loaded)
    {
        try
        {
            DatasetBuilder.Build(spec, directory);
            loaded++;
        }
        catch (DataException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"attempt {attempt}: {e.GetType().Name} escaped: {e}");
        }
    }

    [Fact]
    public void DamagedGzippedIdxFiles()
    {
        using var files = new TestFiles();
        var (images, labels) = IdxTests.TinySet();
        var gzImages = TestFiles.Gzip(images);
        var gzLabels = TestFiles.Gzip(labels);
        var spec = new DataSpec { Kind = "idx", Images = "images.gz", Labels = "labels.gz", Train = 2, Test = 2 };
        var rng = new Random(11);
        int loaded = 0;
        for (int attempt = 0; attempt < Cases; attempt++)
        {
            bool damageImages = rng.Next(2) == 0;
            files.WriteBytes("images.gz", damageImages ? Damage(gzImages, rng) : gzImages);
            files.WriteBytes("labels.gz", damageImages ? gzLabels : Damage(gzLabels, rng));
            LoadsOrFailsCleanly(spec, files.Directory, attempt, ref loaded);
        }
        Assert.True(loaded < Cases, "no damage was detected at all");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DamagedCsvFiles(bool gzip)
    {
        using var files = new TestFiles();
        var text = "f1,f2,f3,label\n" + string.Join("\n",
            Enumerable.Range(0, 30).Select(i => $"{i + 1},{(i * 7) % 11 + 0.25},{-i * 1.5e-2},{i % 2}")) + "\n";
        var original = System.Text.Encoding.UTF8.GetBytes(text);
        if (gzip)
            original = TestFiles.Gzip(original);
        var spec = new DataSpec { Kind = "csv", TrainPath = "d.csv", Train = 10, Test = 10 };
        var rng = new Random(gzip ? 13 : 12);
        int loaded = 0;
        for (int attempt = 0; attempt < Cases; attempt++)
        {
            files.WriteBytes("d.csv", Damage(original, rng));
            LoadsOrFailsCleanly(spec, files.Directory, attempt, ref loaded);
        }
        Assert.True(loaded < Cases, "no damage was detected at all");
    }
}
