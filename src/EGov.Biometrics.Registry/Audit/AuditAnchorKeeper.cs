using Microsoft.Data.Sqlite;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// Moves the audit anchor forward after each commit, but only while the entry it last anchored is still in
/// the database unchanged: someone who cuts off the newest entries and lets the server append new ones
/// under the same numbers would otherwise have the anchor follow the forgery. At start, a database that no
/// longer holds the anchored entry is refused; at run time the anchor stops and <see cref="TamperDetected"/>
/// is raised, so <c>audit verify</c> names the entry and the health check fails.
/// </summary>
public sealed class AuditAnchorKeeper
{
    private readonly AuditAnchorWriter _writer;
    private AuditAnchor? _last;

    public AuditAnchorKeeper(string path, RegistryDatabase database)
    {
        Path = path;
        _last = AuditAnchor.Load(path);
        if (_last is not null)
        {
            using var connection = database.Open();
            if (!Holds(connection, _last))
            {
                throw new InvalidDataException(
                    $"The audit log no longer holds entry {_last.Seq} as anchored in {path}: entries were cut off or altered. Check it with 'egov-bio audit verify' before serving again.");
            }
        }

        _writer = new AuditAnchorWriter(path);
    }

    public string Path { get; }

    public bool TamperDetected { get; private set; }

    /// <summary>Runs on the writer's connection right after a commit.</summary>
    public void AfterCommit(SqliteConnection connection)
    {
        if (TamperDetected)
        {
            return;
        }

        if (_last is not null && !Holds(connection, _last))
        {
            // Keep the old anchor: it is the evidence.
            TamperDetected = true;
            return;
        }

        if (AuditLog.Head(connection) is { } head)
        {
            _writer.Write(head);
            _last = head;
        }
    }

    private static bool Holds(SqliteConnection connection, AuditAnchor anchor)
    {
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT hash FROM audit WHERE seq = $seq";
        query.Parameters.AddWithValue("$seq", anchor.Seq);
        return query.ExecuteScalar() is byte[] hash && hash.AsSpan().SequenceEqual(anchor.Hash);
    }
}
