namespace Ndk.Host.Experiments;

/// <summary>The config `ndk run` uses when given none: experiments/mnist-0v1-relu.json, embedded in the binary.</summary>
public static class EmbeddedDefault
{
    public const string Name = "mnist-0v1-relu.json";

    public static string Json()
    {
        using var s = typeof(EmbeddedDefault).Assembly.GetManifestResourceStream("Ndk.Host.default.json")
            ?? throw new InvalidOperationException("the embedded default config is missing from this build");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
