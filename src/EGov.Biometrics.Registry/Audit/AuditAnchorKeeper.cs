using System.Data.Common;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// Keeps the audit anchor (and its witness copy) in step with the log. At start every anchor file must vouch
/// for the database: a file that names an entry the log no longer holds unchanged means entries were cut or
/// altered, and a missing or empty file beside a log that holds entries means a cut-off tail can no longer be
/// ruled out (tampering, not a fresh start); either refuses the start. Then the head is written to every
/// file at once, so the anchor exists from the first start. After each commit the anchor moves forward, but
/// only while the entry it last anchored is still there unchanged: someone who cuts off the newest entries and
/// lets the server append new ones under the same numbers would otherwise have the anchor follow the forgery.
/// Then the anchor stops and <see cref="TamperDetected"/> is raised, so the health check fails.
/// </summary>
public sealed class AuditAnchorKeeper : IDisposable
{
    private readonly AuditAnchorWriter _writer;
    private AuditAnchor _last;

    /// <exception cref="InvalidDataException">An anchor file is not an anchor, or does not vouch for the log; the message names it.</exception>
    public AuditAnchorKeeper(AuditAnchorFiles files, RegistryDatabase database)
    {
        Files = files;
        using (var connection = database.Open())
        {
            var head = AuditLog.Head(connection);
            foreach (var reading in files.Read())
            {
                if (reading.Anchor is null && head is not null)
                {
                    throw new InvalidDataException(
                        $"The audit anchor {reading.Path} is missing or empty, but the audit log in {database.Path} holds {head.Seq} entries: a cut-off tail cannot be ruled out. Restore the anchor from its witness copy or a backup and check the log with 'egov-bio audit verify'.");
                }

                if (reading.Anchor is { } anchor && !Holds(connection, anchor))
                {
                    throw new InvalidDataException(
                        $"The audit log in {database.Path} no longer holds entry {anchor.Seq} as anchored in {reading.Path}: entries were cut off or altered. Check it with 'egov-bio audit verify' before serving again.");
                }
            }

            _last = head ?? AuditAnchor.Empty;
        }

        _writer = new AuditAnchorWriter(files.Paths);
        _writer.WriteNow(_last);
    }

    public AuditAnchorFiles Files { get; }

    public bool TamperDetected { get; private set; }

    /// <summary>Why the newest anchor could not be written (a full disk, a witness volume gone); null while it is written.</summary>
    public string? WriteFailure => _writer.LastFailure;

    /// <summary>Runs on the writer's connection right after a commit.</summary>
    public void AfterCommit(DbConnection connection)
    {
        if (TamperDetected)
        {
            return;
        }

        if (!Holds(connection, _last))
        {
            // Keep the old anchor: it is the evidence.
            TamperDetected = true;
            return;
        }

        if (AuditLog.Head(connection) is { } head && head.Seq != _last.Seq)
        {
            _writer.Write(head);
            _last = head;
        }
    }

    /// <summary>Returns once the newest anchor is on disk in every file.</summary>
    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();

    internal static bool Holds(DbConnection connection, AuditAnchor anchor)
    {
        if (anchor.Seq == 0)
        {
            return true; // an empty log's anchor vouches for nothing
        }

        using var query = connection.CreateCommand();
        query.CommandText = "SELECT hash FROM audit WHERE seq = @seq";
        query.AddParameter("@seq", anchor.Seq);
        return query.ExecuteScalar() is byte[] hash && hash.AsSpan().SequenceEqual(anchor.Hash);
    }
}
