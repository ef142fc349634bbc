namespace EGov.Biometrics.Registry.Tests;

/// <summary>Which database a registry test runs on: the embedded SQLite file or a PostgreSQL database.</summary>
public enum Store
{
    Sqlite,
    Postgres,
}
