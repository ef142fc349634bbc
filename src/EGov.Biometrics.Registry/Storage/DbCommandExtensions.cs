using System.Data.Common;

namespace EGov.Biometrics.Registry.Storage;

/// <summary>Parameters in the provider-neutral way: SQLite and PostgreSQL both read <c>@name</c>.</summary>
public static class DbCommandExtensions
{
    /// <summary>Adds the parameter <paramref name="name"/> (with its <c>@</c>); null is stored as SQL NULL.</summary>
    public static DbCommand AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
