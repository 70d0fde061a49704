namespace Ndk.Host.Data;

/// <summary>
/// Turns a <see cref="DataSpec"/> into a <see cref="Dataset"/>: load the source, keep the chosen
/// classes (first -> +1, second -> -1), choose train and test rows by a seeded stratified split,
/// convert only those rows to doubles, pool, normalise. Every problem is a <see cref="DataException"/>.
/// </summary>
/// <remarks>
/// Sources and their pools:
/// <list type="bullet">
/// <item>mnist: the 10,000 vendored MNIST test images; train and test are split from them.</item>
/// <item>idx: an image file and label file pair; one pool, split.</item>
/// <item>optdigits: train from optdigits.tra, test from optdigits.tes. UCI drew the two parts from
/// disjoint groups of writers, so keeping them apart makes the test set a test of new handwriting.</item>
/// <item>csv: train from the train file; test from the test file if given, otherwise split from the train file.</item>
/// <item>orthogonal, gaussian: generated (see <see cref="SyntheticData"/>).</item>
/// </list>
/// Where train and test come from one pool, the split is stratified over the union of the two
/// subsets: the training set takes its share first, the test set its share of the rest.
/// </remarks>
public static class DatasetBuilder
{
    /// <summary>Values at most in one dataset (8 bytes each): a guard against absurd synthetic sizes.</summary>
    private const long MaxValues = 1L << 28;

    /// <summary>Where the vendored data lies: copied next to the binary at build time.</summary>
    private static string VendoredDirectory => Path.Combine(AppContext.BaseDirectory, "data");

    /// <param name="baseDirectory">Relative file paths in the spec are taken from here (the config file's directory).</param>
    public static Dataset Build(DataSpec spec, string baseDirectory)
    {
        // A config can set a field to null explicitly; that reads as an unknown value, not a crash.
        string kind = spec.Kind?.ToLowerInvariant() ?? "";
        string normalize = spec.Normalize?.ToLowerInvariant() ?? "";
        CheckCommon(spec, kind, normalize);
        return kind is "orthogonal" or "gaussian"
            ? BuildSynthetic(spec, kind, normalize)
            : BuildFromFiles(spec, kind, normalize, baseDirectory);
    }

    private static void CheckCommon(DataSpec spec, string kind, string normalize)
    {
        if (!DataSpec.Kinds.Contains(kind))
            throw new DataException($"unknown data kind '{spec.Kind}'; valid: {string.Join(", ", DataSpec.Kinds)}");
        if (!DataSpec.Normalizations.Contains(normalize))
            throw new DataException(
                $"unknown normalize '{spec.Normalize}'; valid: {string.Join(", ", DataSpec.Normalizations)}");
        if (spec.Pool < 1)
            throw new DataException($"pool must be a positive integer (1: no pooling), got {spec.Pool}");
        if (spec.Train < 0 || spec.Test < 0)
            throw new DataException($"train and test must be 0 or more, got train {spec.Train}, test {spec.Test}");
    }

    private static Dataset BuildFromFiles(DataSpec spec, string kind, string normalize, string baseDirectory)
    {
        if (spec.Classes is { } classes && (classes.Length != 2 || classes[0] == classes[1]))
            throw new DataException(
                $"classes must be two different labels (the first -> +1, the second -> -1), got [{string.Join(", ", classes)}]");
        var (trainPool, testPool) = LoadPools(spec, kind, baseDirectory);
        if (testPool is not null && testPool.FeatureCount != trainPool.FeatureCount)
            throw new DataException(
                $"{testPool.Name} has {testPool.FeatureCount} features per row but {trainPool.Name} has {trainPool.FeatureCount}");
        var shape = PooledShape(spec.Pool, trainPool);

        var trainCandidates = Candidates.Of(trainPool, spec.Classes);
        var testCandidates = testPool is null ? trainCandidates : Candidates.Of(testPool, spec.Classes);

        var rng = new Random(spec.Seed);
        int[] trainPick, testPick;
        if (testPool is null)
        {
            int available = trainCandidates.Rows.Length;
            if (spec.Train == 0 && spec.Test == 0)
                throw new DataException("train and test cannot both be 0 ('all the rest') when they share one pool");
            int train = spec.Train == 0 ? available - spec.Test : spec.Train;
            int test = spec.Test == 0 ? available - spec.Train : spec.Test;
            if (train <= 0 || test <= 0 || (long)train + test > available)
                throw new DataException(
                    $"{trainPool.Name} holds {trainCandidates.Summary()}, " +
                    $"too few for train {spec.Train} + test {spec.Test} (0 = all the rest)");
            (trainPick, testPick) = StratifiedSplit.Split(trainCandidates.Strata, train, test, rng);
        }
        else
        {
            trainPick = Pick(trainPool, trainCandidates, spec.Train, "train", rng);
            testPick = Pick(testPool, testCandidates, spec.Test, "test", rng);
        }

        var trainRows = trainPick.Select(i => trainCandidates.Rows[i]).ToArray();
        var testRows = testPick.Select(i => testCandidates.Rows[i]).ToArray();
        var trainX = Extract(trainPool, trainRows, spec.Pool, shape);
        var testX = Extract(testPool ?? trainPool, testRows, spec.Pool, shape);
        InputNormalization.Apply(normalize, trainX, testX, (isTrain, i) => isTrain
            ? $"training point {i} ({trainPool.DescribeRow(trainRows[i])})"
            : $"test point {i} ({(testPool ?? trainPool).DescribeRow(testRows[i])})");

        string source = testPool is null
            ? $"{kind} {Path.GetFileName(trainPool.Name)}: {trainCandidates.Summary()}"
            : $"{kind} train {Path.GetFileName(trainPool.Name)}: {trainCandidates.Summary()}; " +
              $"test {Path.GetFileName(testPool.Name)}: {testCandidates.Summary()}";
        string task = spec.Classes is { } c
            ? $"class {c[0]} -> +1, class {c[1]} -> -1; {trainX.Length} train, {testX.Length} test, stratified"
            : $"labels as given; {trainX.Length} train, {testX.Length} test, shuffled";
        string pooling = trainPool.Shape is { } raw && shape is { } pooled && spec.Pool > 1
            ? $", {raw.Rows}x{raw.Columns} pooled by {spec.Pool} to {pooled.Rows}x{pooled.Columns}"
            : "";
        return new Dataset
        {
            TrainX = trainX,
            TrainY = trainPick.Select(i => trainCandidates.Targets[i]).ToArray(),
            TestX = testX,
            TestY = testPick.Select(i => testCandidates.Targets[i]).ToArray(),
            TrainSource = trainRows,
            TestSource = testRows,
            InputDim = trainX[0].Length,
            Description = $"{source}; {task}, seed {spec.Seed}{pooling}; N0 = {trainX[0].Length}; normalize {normalize}",
        };
    }

    private static (ExamplePool Train, ExamplePool? Test) LoadPools(DataSpec spec, string kind, string baseDirectory)
    {
        switch (kind)
        {
            case "mnist":
                return (IdxSource.Load(Vendored("mnist", "t10k-images-idx3-ubyte.gz"), Vendored("mnist", "t10k-labels-idx1-ubyte.gz")), null);
            case "idx":
                return (IdxSource.Load(Resolve(baseDirectory, spec.Images, "images", kind), Resolve(baseDirectory, spec.Labels, "labels", kind)), null);
            case "optdigits":
                var digit = new ImageShape(8, 8);
                return (CsvSource.Load(Vendored("optdigits", "optdigits.tra"), digit), CsvSource.Load(Vendored("optdigits", "optdigits.tes"), digit));
            default:
                var train = CsvSource.Load(Resolve(baseDirectory, spec.TrainPath, "train", kind));
                return (train, spec.TestPath is null ? null : CsvSource.Load(Resolve(baseDirectory, spec.TestPath, "test", kind)));
        }
    }

    private static string Vendored(string folder, string file) => Path.Combine(VendoredDirectory, folder, file);

    private static string Resolve(string baseDirectory, string? path, string field, string kind)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new DataException($"data kind {kind} needs the file path '{field}'");
        try
        {
            return Path.GetFullPath(path, Path.GetFullPath(baseDirectory));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new DataException($"data kind {kind}: '{field}' is not a valid path: {path} ({e.Message})", e);
        }
    }

    private static ImageShape? PooledShape(int pool, ExamplePool source)
    {
        if (source.Shape is not { } shape)
            return pool == 1
                ? null
                : throw new DataException($"pool {pool} needs image data, but {source.Name} has plain feature rows; use pool 1");
        return AveragePooling.PooledShape(shape, pool, source.Name);
    }

    /// <summary>Chooses <paramref name="count"/> (0: all) candidates of a pool that serves one subset alone.</summary>
    private static int[] Pick(ExamplePool pool, Candidates candidates, int count, string subset, Random rng)
    {
        int available = candidates.Rows.Length;
        if (count > available)
            throw new DataException($"{pool.Name} holds {candidates.Summary()}, too few for {subset} {count} (0 = all)");
        return StratifiedSplit.Split(candidates.Strata, count == 0 ? available : count, 0, rng).First;
    }

    /// <summary>Converts the chosen rows to doubles, pooled where asked.</summary>
    private static double[][] Extract(ExamplePool pool, int[] rows, int factor, ImageShape? pooledShape)
    {
        var result = new double[rows.Length][];
        var raw = factor == 1 ? null : new double[pool.FeatureCount];
        for (int p = 0; p < rows.Length; p++)
        {
            if (raw is null)
            {
                result[p] = new double[pool.FeatureCount];
                pool.CopyFeatures(rows[p], result[p]);
            }
            else
            {
                pool.CopyFeatures(rows[p], raw);
                result[p] = new double[pooledShape!.Value.Rows * pooledShape.Value.Columns];
                AveragePooling.Apply(raw, pool.Shape!.Value, factor, result[p]);
            }
        }
        return result;
    }

    private static Dataset BuildSynthetic(DataSpec spec, string kind, string normalize)
    {
        long total = (long)spec.Train + spec.Test;
        if (spec.Train < 1)
            throw new DataException($"data kind {kind} needs train of at least 1 (test 0 means none), got {spec.Train}");
        if (spec.InputDim < 1)
            throw new DataException($"data kind {kind} needs inputDim (N0) of at least 1, got {spec.InputDim}");
        if (kind == "orthogonal" && spec.InputDim < total)
            throw new DataException(
                $"data kind orthogonal needs inputDim >= train + test = {total} (that many orthogonal inputs), got {spec.InputDim}");
        if (total * spec.InputDim > MaxValues)
            throw new DataException(
                $"data kind {kind}: (train + test) x inputDim = {total * spec.InputDim:N0} values, more than the {MaxValues:N0} allowed");
        if (spec.Pool != 1)
            throw new DataException($"pool {spec.Pool} needs image data, but {kind} inputs are plain vectors; use pool 1");

        var rng = new Random(spec.Seed);
        var (x, y) = kind == "orthogonal"
            ? SyntheticData.Orthogonal((int)total, spec.InputDim, rng)
            : SyntheticData.Gaussian((int)total, spec.InputDim, rng);
        var trainX = x[..spec.Train];
        var testX = x[spec.Train..];
        InputNormalization.Apply(normalize, trainX, testX,
            (isTrain, i) => $"{(isTrain ? "training" : "test")} point {i} of the {kind} set");
        string labels = kind == "orthogonal" ? "random +-1 labels" : "labels sign(w.x) of a random linear teacher";
        return new Dataset
        {
            TrainX = trainX,
            TrainY = y[..spec.Train],
            TestX = testX,
            TestY = y[spec.Train..],
            TrainSource = Enumerable.Range(0, spec.Train).ToArray(),
            TestSource = Enumerable.Range(spec.Train, spec.Test).ToArray(),
            InputDim = spec.InputDim,
            Description = $"{kind}: {spec.Train} train, {spec.Test} test inputs in N0 = {spec.InputDim}, {labels}, " +
                          $"seed {spec.Seed}; normalize {normalize}",
        };
    }
}
