using System.Data.Common;

namespace EGov.Biometrics.Registry.Storage;

/// <summary>Parameters in the provider-neutral way: SQLite and PostgreSQL both read <c>@name</c>.</summary>
public static class DbCommandExtensions
{
    /// <summary>Adds the parameter <paramref name="name"/> (with its <c>@</c>); null is stored as SQL NULL.</summary>
    /// <exception cref="ArgumentException">A text value holds a NUL character (U+0000).</exception>
    public static DbCommand AddParameter(this DbCommand command, string name, object? value)
    {
        // PostgreSQL refuses U+0000 in text (22021, an internal error for the caller), SQLite would store it: a caller's
        // text (an idempotency key, a page token, a user name) with one is bad input on both stores, said so before any SQL runs.
        if (value is string text && text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {name.TrimStart('@')} holds a NUL character (U+0000), which the registry does not accept in text.", name.TrimStart('@'));
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
