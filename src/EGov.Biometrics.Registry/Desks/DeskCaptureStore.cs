using System.Globalization;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Desks;

/// <summary>
/// Captures from edge agents, recorded exactly once by idempotency key: agents resend after a lost
/// acknowledgement, and the resend finds the first record (and its decision) instead of a new one. The
/// capture row and its audit entry commit together, in the registry's group commit.
/// </summary>
public sealed class DeskCaptureStore(SubjectRegistry registry)
{
    /// <summary>The decision a capture led to, or null when the key was never recorded.</summary>
    public long? Find(string idempotencyKey)
    {
        using var connection = registry.Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT decision_seq FROM desk_captures WHERE idempotency_key = @key";
        query.AddParameter("@key", idempotencyKey);
        return query.ExecuteScalar() as long?;
    }

    /// <summary>
    /// Records the capture with its decision and returns the decision's audit sequence number. A key recorded
    /// before keeps its first row: then the new decision is audited only when <paramref name="auditAgain"/> is
    /// set (an operator's verification is a decision of its own; a resent capture's identification is not),
    /// and otherwise the first decision's number comes back. <c>Inserted</c> tells which happened.
    /// </summary>
    public Task<(long Seq, bool Inserted)> RecordAsync(CaptureRecord capture, AuditEntry decision, bool auditAgain = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(capture.IdempotencyKey);
        return registry.WriteAsync((connection, transaction) =>
        {
            using (var existing = connection.CreateCommand())
            {
                existing.Transaction = transaction;
                existing.CommandText = "SELECT decision_seq FROM desk_captures WHERE idempotency_key = @key";
                existing.AddParameter("@key", capture.IdempotencyKey);
                if (existing.ExecuteScalar() is long first)
                {
                    return (auditAgain ? AuditLog.Append(connection, transaction, decision, registry.AuditKey) : first, false);
                }
            }

            var seq = AuditLog.Append(connection, transaction, decision, registry.AuditKey);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO desk_captures (idempotency_key, desk, track_id, captured_at, received_at, quality, decision_seq)
                VALUES (@key, @desk, @track, @captured, @received, @quality, @seq)
                """;
            insert.AddParameter("@key", capture.IdempotencyKey);
            insert.AddParameter("@desk", capture.Desk);
            insert.AddParameter("@track", capture.TrackId);
            insert.AddParameter("@captured", capture.CapturedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            insert.AddParameter("@received", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            insert.AddParameter("@quality", (double)capture.Quality);
            insert.AddParameter("@seq", seq);
            insert.ExecuteNonQuery();
            return (seq, true);
        });
    }

    /// <summary>Distinct captures recorded per desk.</summary>
    public IReadOnlyDictionary<string, long> CountByDesk()
    {
        using var connection = registry.Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT desk, COUNT(*) FROM desk_captures GROUP BY desk";
        using var reader = query.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Remembers a desk's state, so the Situation Center sees it after a restart too (not audited: no decision).</summary>
    public Task SaveDeskAsync(DeskRecord desk) => registry.WriteAsync((connection, transaction) =>
    {
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO desks (desk, last_seen, agent_version, camera, fps, queue_depth, centre, mode) VALUES (@desk, @seen, @version, @camera, @fps, @queue, @centre, @mode)
            ON CONFLICT(desk) DO UPDATE SET last_seen = excluded.last_seen, agent_version = excluded.agent_version,
              camera = excluded.camera, fps = excluded.fps, queue_depth = excluded.queue_depth, centre = excluded.centre, mode = excluded.mode
            """;
        upsert.AddParameter("@desk", desk.Desk);
        upsert.AddParameter("@seen", desk.LastSeen.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        upsert.AddParameter("@version", desk.AgentVersion);
        upsert.AddParameter("@camera", desk.Camera);
        upsert.AddParameter("@fps", desk.Fps);
        upsert.AddParameter("@queue", desk.QueueDepth);
        upsert.AddParameter("@centre", desk.Centre);
        upsert.AddParameter("@mode", desk.Mode);
        return upsert.ExecuteNonQuery();
    });

    public IReadOnlyList<DeskRecord> ListDesks()
    {
        using var connection = registry.Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT desk, last_seen, agent_version, camera, fps, queue_depth, centre, mode FROM desks ORDER BY desk";
        using var reader = query.ExecuteReader();
        var desks = new List<DeskRecord>();
        while (reader.Read())
        {
            desks.Add(new DeskRecord(
                reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2), reader.GetString(3), reader.GetDouble(4), reader.GetInt32(5), reader.GetString(6), reader.GetString(7)));
        }

        return desks;
    }
}
