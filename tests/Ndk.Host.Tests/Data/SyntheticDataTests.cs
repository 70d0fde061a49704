using Ndk.Host.Data;

namespace Ndk.Host.Tests.Data;

public class SyntheticDataTests
{
    [Fact]
    public void OrthogonalInputsAreOrthogonalOnTheSphereWithRandomLabels()
    {
        var data = DatasetBuilder.Build(new DataSpec { Kind = "orthogonal", Train = 40, Test = 20, InputDim = 100, Seed = 3 }, ".");

        var all = data.TrainX.Concat(data.TestX).ToArray();
        Assert.Equal(60, all.Length);
        for (int a = 0; a < all.Length; a++)
        {
            Assert.Equal(100, all[a].Length);
            for (int b = 0; b <= a; b++)
            {
                double dot = all[a].Zip(all[b], (u, v) => u * v).Sum();
                if (a == b)
                    Assert.True(Math.Abs(dot - 100) < 1e-12 * 100, $"|x_{a}|^2 = {dot}");
                else
                    Assert.True(Math.Abs(dot) < 1e-10, $"x_{a}.x_{b} = {dot}");
            }
        }
        var labels = data.TrainY.Concat(data.TestY).ToArray();
        Assert.All(labels, y => Assert.True(y is 1 or -1));
        Assert.InRange(labels.Count(y => y > 0), 15, 45);
    }

    [Fact]
    public void OrthogonalIsSeeded()
    {
        var spec = new DataSpec { Kind = "orthogonal", Train = 5, Test = 3, InputDim = 10 };
        Assert.Equal(DatasetBuilder.Build(spec, ".").TrainX, DatasetBuilder.Build(spec, ".").TrainX);
        Assert.NotEqual(DatasetBuilder.Build(spec, ".").TrainX, DatasetBuilder.Build(spec with { Seed = 2 }, ".").TrainX);
    }

    [Fact]
    public void GaussianLabelsComeFromALinearTeacher()
    {
        var data = DatasetBuilder.Build(new DataSpec { Kind = "gaussian", Train = 300, Test = 100, InputDim = 20 }, ".");

        Assert.All(data.TrainX.Concat(data.TestX), x => Assert.True(Math.Abs(x.Sum(v => v * v) - 20) < 1e-12 * 20));
        Assert.InRange(data.TrainY.Count(y => y > 0), 100, 200);
        // A linear teacher makes the labels linearly separable: the perceptron finds a separator.
        var x = data.TrainX.Concat(data.TestX).ToArray();
        var y = data.TrainY.Concat(data.TestY).ToArray();
        var w = new double[20];
        bool separated = false;
        for (int epoch = 0; epoch < 10_000 && !separated; epoch++)
        {
            separated = true;
            for (int p = 0; p < x.Length; p++)
                if (y[p] * x[p].Zip(w, (a, b) => a * b).Sum() <= 0)
                {
                    separated = false;
                    for (int i = 0; i < 20; i++)
                        w[i] += y[p] * x[p][i];
                }
        }
        Assert.True(separated);
    }
}
