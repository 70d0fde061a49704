namespace Ndk.Gpu.Devices;

/// <summary>
/// Several devices as one backend (`--device cuda:0,cuda:1` or `cuda:all`): the members are split into
/// contiguous blocks of independent units (pairs kept together), one block a device, all stepped in
/// parallel. Members keep their global indices, so the result equals a one-device run of the same ensemble.
/// </summary>
public sealed class MultiDeviceBackend(IReadOnlyList<IEnsembleBackend> devices) : IEnsembleBackend
{
    public string Name => string.Join(",", devices.Select(d => d.Name));
    public string Description => string.Join("; ", devices.Select(d => d.Description));

    /// <summary>The largest block's bytes: each device holds one block.</summary>
    public long EstimateBytes(SimulationSetup setup) =>
        Blocks(setup).Select((b, k) => devices[k].EstimateBytes(b)).DefaultIfEmpty(0).Max();

    public IEnsembleSimulation Create(SimulationSetup setup)
    {
        setup.Validate();
        var parts = new List<IEnsembleSimulation>();
        try
        {
            foreach (var (block, k) in Blocks(setup).Select((b, k) => (b, k))) parts.Add(devices[k].Create(block));
            return new MultiDeviceSimulation(setup, parts);
        }
        catch
        {
            foreach (var p in parts) p.Dispose();
            throw;
        }
    }

    /// <summary>The setup of each device's block: shard k of n of the ensemble's units (blocks may be empty and are then skipped).</summary>
    IEnumerable<SimulationSetup> Blocks(SimulationSetup setup)
    {
        var e = setup.Ensemble;
        int stride = e.Antithetic ? 2 : 1, units = e.Size / stride, n = Math.Min(devices.Count, units);
        for (int k = 0; k < n; k++)
        {
            int lo = (int)((long)k * units / n), hi = (int)((long)(k + 1) * units / n);
            yield return new SimulationSetup
            {
                Network = setup.Network, Dynamics = setup.Dynamics, Precision = setup.Precision,
                Ensemble = e with { FirstMember = e.FirstMember + lo * stride, Size = (hi - lo) * stride },
                TrainInputs = setup.TrainInputs, TrainLabels = setup.TrainLabels, ProbeInputs = setup.ProbeInputs,
            };
        }
    }

    public void Dispose()
    {
        foreach (var d in devices) d.Dispose();
    }
}

/// <summary>The blocks of a <see cref="MultiDeviceBackend"/>, stepped in parallel and read back in member order.</summary>
internal sealed class MultiDeviceSimulation(SimulationSetup setup, IReadOnlyList<IEnsembleSimulation> parts) : IEnsembleSimulation
{
    public SimulationSetup Setup => setup;
    public long Step => parts[0].Step;

    public TrainingPhase Phase
    {
        get => parts[0].Phase;
        set { foreach (var p in parts) p.Phase = value; }
    }

    public void Advance(long steps, CancellationToken cancel = default) =>
        Parallel.ForEach(parts, new ParallelOptions { MaxDegreeOfParallelism = parts.Count }, p => p.Advance(steps, cancel));

    public void ReadOutputs(double[] destination)
    {
        int offset = 0;
        foreach (var p in parts)
        {
            var part = new double[p.Setup.Ensemble.Size * p.Setup.PointCount];
            p.ReadOutputs(part);
            part.CopyTo(destination, offset);
            offset += part.Length;
        }
    }

    public void ReadHidden(int layer, ReadOnlySpan<int> points, float[] destination)
    {
        long offset = 0;
        foreach (var p in parts)
        {
            var part = new float[(long)p.Setup.Ensemble.Size * points.Length * setup.Network.Width];
            p.ReadHidden(layer, points, part);
            Array.Copy(part, 0, destination, offset, part.Length);
            offset += part.Length;
        }
    }

    public EnsembleState ExportState()
    {
        var states = parts.Select(p => p.ExportState()).ToList();
        return new EnsembleState { Step = states[0].Step, Weights = states.SelectMany(s => s.Weights).ToArray() };
    }

    public void ImportState(EnsembleState state)
    {
        long per = setup.Network.ParameterCount, offset = 0;
        foreach (var p in parts)
        {
            long n = p.Setup.Ensemble.Size * per;
            if (offset + n > state.Weights.Length) throw new ArgumentException("state has fewer weights than the ensemble");
            p.ImportState(new EnsembleState { Step = state.Step, Weights = state.Weights.AsSpan((int)offset, (int)n).ToArray() });
            offset += n;
        }
        if (offset != state.Weights.Length) throw new ArgumentException("state has more weights than the ensemble");
    }

    public void Dispose()
    {
        foreach (var p in parts) p.Dispose();
    }
}
