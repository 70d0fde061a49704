using System.Numerics;
using Ndk.Host.Theory;

namespace Ndk.Host.Tests.Theory;

public class VectorMathTests
{
    /// <summary>
    /// atan2 against Math.Atan2 (correctly rounded to about 1 ulp) over all octants, near the reduction
    /// boundary tan(pi/8) and at the edges (zeros, equal magnitudes). The bound, 4 ulp of the result, is
    /// the rounding of the reduction's division and subtraction, the series and the final pi/4, pi/2, pi
    /// offsets; the polynomial itself is 4e-18 relative, so an error of truncation would exceed it.
    /// </summary>
    [Fact]
    public void Atan2MatchesMathAtan2ToFourUlp()
    {
        var rng = new Random(17);
        var ys = new List<double>();
        var xs = new List<double>();
        void Add(double y, double x) { ys.Add(y); xs.Add(x); }
        for (int i = 0; i < 200000; i++)
        {
            double angle = (rng.NextDouble() * 2 - 1) * Math.PI, r = Math.Exp(rng.NextDouble() * 20 - 10);
            Add(r * Math.Sin(angle), r * Math.Cos(angle));
        }
        double t8 = Math.Tan(Math.PI / 8);
        foreach (double d in new[] { -1e-12, 0, 1e-12 })
            foreach (int sy in new[] { -1, 1 })
                foreach (int sx in new[] { -1, 1 })
                {
                    Add(sy * (t8 + d), sx * 1.0); Add(sy * 1.0, sx * (t8 + d)); Add(sy * 1.0, sx * 1.0);
                    Add(sy * 0.0, sx * 1.0); Add(sy * 1.0, sx * 0.0);
                }
        Add(0, 0);
        while (ys.Count % Vector<double>.Count != 0) Add(1, 2);

        double[] y = ys.ToArray(), x = xs.ToArray();
        double worst = 0;
        for (int i = 0; i < y.Length; i += Vector<double>.Count)
        {
            var a = VectorMath.Atan2(new Vector<double>(y, i), new Vector<double>(x, i));
            for (int l = 0; l < Vector<double>.Count; l++)
            {
                double expected = Math.Atan2(y[i + l], x[i + l]);
                double ulp = Math.Max(Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected), double.Epsilon);
                worst = Math.Max(worst, Math.Abs(a[l] - expected) / ulp);
            }
        }
        Assert.True(worst <= 4, $"worst error {worst:F2} ulp");
    }
}
