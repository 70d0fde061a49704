namespace Ndk.Host.Experiments;

/// <summary>A config error: names the file, the field, the value and what would be valid. Exit code 2.</summary>
public sealed class ConfigException(string message) : Exception(message);
