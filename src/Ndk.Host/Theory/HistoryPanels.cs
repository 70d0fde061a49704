namespace Ndk.Host.Theory;

/// <summary>
/// Compression of the far history in the Volterra sums sum_k w_k NDK(t_i, t_k, x, X) r_k. NDK depends on t'
/// only through m(t,t'), m(t',t') and exp(-gamma (t - t')), all smooth on the scale 1/gamma (relu adds a
/// sqrt(t - t') cusp at t' = t), while the fine grid exists for the fast early residuals r. So on a panel
/// of grid times [t_s, t_e], far enough from t_i, the kernel is replaced by its Chebyshev interpolant in t'
/// through d + 1 nodes tau_j: sum_k w_k NDK(t_i,t_k) r_k = sum_j NDK(t_i,tau_j) M_j with the moments
/// M_j = sum_k w_k l_j(t_k) r_k computed once. Panels are at most PanelWidthTimesGamma / gamma wide and are
/// used for t_i - t_e &gt;= 2 (t_e - t_s), where the cusp's interpolation error is below about 1e-8.
/// </summary>
internal sealed class HistoryPanels
{
    public readonly int[] Start, End; // fine index ranges, inclusive
    public readonly double[][] Nodes; // [panel][j]
    public readonly bool[] Compressible;
    /// <summary>Train-point factors at every node time, node (panel, j) at index NodeBase[panel] + j.</summary>
    public readonly DiagonalTrack NodeTrack;
    public readonly int[] NodeBase;
    readonly double[] _times;
    readonly double[][][][] _moments; // [panel][level][node] -> P-vector, null until the panel is complete

    public HistoryPanels(TheorySpec s, TimeGrid fine, double[] trainK0, int levels, int degree, double maxWidth)
    {
        _times = fine.Times;
        var start = new List<int>();
        var end = new List<int>();
        for (int k = 0; k < _times.Length;)
        {
            int e = k;
            while (e + 1 < _times.Length && _times[e + 1] - _times[k] <= maxWidth) e++;
            start.Add(k);
            end.Add(e);
            k = e + 1;
        }
        Start = start.ToArray();
        End = end.ToArray();
        int panels = Start.Length;
        Compressible = new bool[panels];
        Nodes = new double[panels][];
        NodeBase = new int[panels];
        var nodeTimes = new List<double>();
        for (int p = 0; p < panels; p++)
        {
            Compressible[p] = degree > 0 && End[p] - Start[p] + 1 > 2 * (degree + 1);
            double a = _times[Start[p]], b = _times[End[p]];
            Nodes[p] = Compressible[p]
                ? Enumerable.Range(0, degree + 1).Select(j => 0.5 * (a + b) - 0.5 * (b - a) * Math.Cos(Math.PI * j / degree)).ToArray()
                : [];
            NodeBase[p] = nodeTimes.Count;
            nodeTimes.AddRange(Nodes[p]);
        }
        NodeTrack = new DiagonalTrack(s, trainK0, nodeTimes);
        _moments = new double[panels][][][];
    }

    /// <summary>Whether panel p can stand in for its grid points in the history of t_i (complete, and far).</summary>
    public bool IsFar(int p, int i)
    {
        if (!Compressible[p] || End[p] >= i || _moments[p] == null) return false;
        double width = _times[End[p]] - _times[Start[p]];
        return _times[i] - _times[End[p]] >= 2 * width;
    }

    public double[][] Moments(int p, int level) => _moments[p][level];

    /// <summary>After the step at fine index i: moments of every panel that ends there.</summary>
    public void CompleteAt(int i, IReadOnlyList<TimeGrid> levels, double[][][] residual)
    {
        int p = Array.IndexOf(End, i);
        if (p < 0 || !Compressible[p]) return;
        int n = Nodes[p].Length, points = residual[0][0].Length;
        var byLevel = new double[levels.Count][][];
        for (int g = 0; g < levels.Count; g++)
        {
            var m = new double[n][];
            for (int j = 0; j < n; j++) m[j] = new double[points];
            for (int k = Start[p]; k <= End[p]; k++)
            {
                if (k % (1 << g) != 0) continue;
                int kg = k >> g;
                double w = levels[g].Weight(levels[g].Count - 1, kg); // interior weight: the panel lies before t_i
                var r = residual[g][kg];
                for (int j = 0; j < n; j++)
                {
                    double c = w * Lagrange(Nodes[p], j, _times[k]);
                    if (c == 0) continue;
                    for (int b = 0; b < points; b++) m[j][b] += c * r[b];
                }
            }
            byLevel[g] = m;
        }
        _moments[p] = byLevel;
    }

    static double Lagrange(double[] nodes, int j, double t)
    {
        double v = 1;
        for (int m = 0; m < nodes.Length; m++)
            if (m != j) v *= (t - nodes[m]) / (nodes[j] - nodes[m]);
        return v;
    }
}
