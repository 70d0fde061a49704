namespace Ndk.Host.Data;

/// <summary>
/// Any problem with the data an experiment asks for: a missing or malformed file, an impossible
/// request (more points than the pool holds, an absent class), an unknown option. The message is
/// meant for the person who wrote the config: it names the file, row, column or field, the value
/// found, and what would have been valid.
/// </summary>
public sealed class DataException : Exception
{
    public DataException(string message) : base(message) { }

    public DataException(string message, Exception inner) : base(message, inner) { }
}
