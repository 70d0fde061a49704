using Ndk.Host.Data;

namespace Ndk.Host.Tests.Data;

public class OptdigitsTests
{
    [Fact]
    public void TrainsOnTheTrainingPartAndTestsOnTheTestPart()
    {
        var data = DatasetBuilder.Build(new DataSpec { Kind = "optdigits", Classes = [4, 9], Train = 0, Test = 100 }, ".");

        // optdigits.tra holds 387 fours and 382 nines.
        Assert.Equal(387 + 382, data.TrainX.Length);
        Assert.Equal(387, data.TrainY.Count(y => y > 0));
        Assert.Equal(100, data.TestX.Length);
        Assert.Equal(64, data.InputDim);
        Assert.Contains("optdigits.tra", data.Description);
        Assert.Contains("optdigits.tes", data.Description);
    }

    [Fact]
    public void PoolsTheEightByEightImages()
    {
        var data = DatasetBuilder.Build(new DataSpec { Kind = "optdigits", Train = 10, Test = 10, Pool = 2 }, ".");

        Assert.Equal(16, data.InputDim);
    }
}
