using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// The tamper-evident audit log: each entry stores an HMAC-SHA-256, under a key kept outside the database,
/// of its predecessor's hash and its own canonical content, so editing, deleting or reordering any row
/// breaks the chain at that row, and without the key nobody can rebuild a consistent chain. Cutting off
/// the newest rows is caught against an <see cref="AuditAnchor"/> kept outside the database.
/// Entries are appended inside the caller's transaction: a decision and its record commit together.
/// </summary>
public static class AuditLog
{
    private static readonly byte[] Genesis = new byte[32];

    public static long Append(DbConnection connection, DbTransaction transaction, AuditEntry entry, byte[] key)
    {
        // The log keeps its own clock (UTC) and stores numbers exactly as it hashes them.
        entry = entry with { At = DateTimeOffset.UtcNow, Score = Storable(entry.Score, "score"), Fmr = Storable(entry.Fmr, "fmr") };
        using var last = connection.CreateCommand();
        last.Transaction = transaction;
        last.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
        long seq = 1;
        var previous = Genesis;
        using (var reader = last.ExecuteReader())
        {
            if (reader.Read())
            {
                seq = reader.GetInt64(0) + 1;
                previous = (byte[])reader[1];
            }
        }

        var hash = Hash(key, seq, entry, previous);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO audit (seq, at, caller, role, desk, action, subject, decision, score, fmr, details, prev_hash, hash)
            VALUES (@seq, @at, @caller, @role, @desk, @action, @subject, @decision, @score, @fmr, @details, @prev, @hash)
            """;
        insert.AddParameter("@seq", seq);
        insert.AddParameter("@at", entry.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        insert.AddParameter("@caller", entry.Caller);
        insert.AddParameter("@role", entry.Role);
        insert.AddParameter("@desk", entry.Desk);
        insert.AddParameter("@action", entry.Action);
        insert.AddParameter("@subject", entry.Subject);
        insert.AddParameter("@decision", entry.Decision);
        insert.AddParameter("@score", (object?)entry.Score ?? DBNull.Value);
        insert.AddParameter("@fmr", (object?)entry.Fmr ?? DBNull.Value);
        insert.AddParameter("@details", entry.Details);
        insert.AddParameter("@prev", previous);
        insert.AddParameter("@hash", hash);
        insert.ExecuteNonQuery();
        return seq;
    }

    public static IEnumerable<StoredAuditEntry> Read(DbConnection connection)
    {
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {AuditSearch.Columns} FROM audit ORDER BY seq";
        foreach (var stored in AuditSearch.Entries(query))
        {
            yield return stored;
        }
    }

    /// <summary>The newest entry's sequence number and hash (null for an empty log): what an anchor records.</summary>
    public static AuditAnchor? Head(DbConnection connection)
    {
        using var last = connection.CreateCommand();
        last.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
        using var reader = last.ExecuteReader();
        return reader.Read() ? new AuditAnchor(reader.GetInt64(0), (byte[])reader[1]) : null;
    }

    /// <summary>
    /// Whether the newest entry was written under <paramref name="key"/> (true for an empty log): one entry, read at
    /// start, tells a key ring that belongs to this registry from another deployment's before it appends anything.
    /// </summary>
    public static bool HeadSignedBy(DbConnection connection, byte[] key)
    {
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {AuditSearch.Columns} FROM audit ORDER BY seq DESC LIMIT 1";
        return AuditSearch.Entries(query).FirstOrDefault() is not { } head
            || Hash(key, head.Seq, head.Entry, head.PreviousHash).AsSpan().SequenceEqual(head.Hash);
    }

    /// <summary>Walks the whole chain and names the first entry that does not verify; with an anchor, also
    /// checks that the anchored entry is still there, unchanged.</summary>
    public static AuditVerification Verify(DbConnection connection, byte[] key, AuditAnchor? anchor = null) =>
        Verify(connection, key, anchor is null ? [] : [new AnchorReading(string.Empty, anchor)]);

    /// <summary>
    /// Walks the whole chain against every anchor file read: each anchored entry must still be there, unchanged,
    /// and a file that is missing or empty while the log holds entries fails the check (a cut-off tail and a
    /// deleted anchor would otherwise pass as an intact, shorter log).
    /// </summary>
    public static AuditVerification Verify(DbConnection connection, byte[] key, IReadOnlyList<AnchorReading> anchors)
    {
        var previous = Genesis;
        long expectedSeq = 1, count = 0;
        foreach (var stored in Read(connection))
        {
            count++;
            if (stored.Seq != expectedSeq)
            {
                return new AuditVerification(count, stored.Seq, $"entry {expectedSeq} is missing (found {stored.Seq} next)");
            }

            if (!stored.PreviousHash.AsSpan().SequenceEqual(previous))
            {
                return new AuditVerification(count, stored.Seq, $"entry {stored.Seq} does not continue the chain");
            }

            if (!Hash(key, stored.Seq, stored.Entry, stored.PreviousHash).AsSpan().SequenceEqual(stored.Hash))
            {
                return new AuditVerification(count, stored.Seq, $"entry {stored.Seq} was altered (or written under another audit key)");
            }

            if (anchors.FirstOrDefault(a => a.Anchor is { } held && held.Seq == stored.Seq && !stored.Hash.AsSpan().SequenceEqual(held.Hash)) is { } mismatch)
            {
                return new AuditVerification(count, stored.Seq, $"entry {stored.Seq} is not the one the anchor recorded{Named(mismatch.Path)}");
            }

            previous = stored.Hash;
            expectedSeq++;
        }

        foreach (var (path, anchor) in anchors)
        {
            if (anchor is null && count > 0)
            {
                return new AuditVerification(count, count, $"the anchor{Named(path)} is missing or empty while the log holds {count} entries: a cut-off tail cannot be ruled out");
            }

            if (anchor is not null && anchor.Seq > count)
            {
                return new AuditVerification(count, count + 1, $"entries {count + 1} to {anchor.Seq} are missing: the anchor recorded {anchor.Seq} entries{Named(path)}");
            }
        }

        return new AuditVerification(count, null, null);
    }

    private static string Named(string path) => path.Length == 0 ? string.Empty : $" ({path})";

    // The canonical form: every field length-prefixed in a fixed order (so no text can move between
    // fields), numbers round-trippable.
    private static byte[] Hash(byte[] key, long seq, AuditEntry e, byte[] previous)
    {
        static string Number(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
        string[] fields = [seq.ToString(CultureInfo.InvariantCulture), e.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), e.Caller, e.Role, e.Desk, e.Action, e.Subject, e.Decision, Number(e.Score), Number(e.Fmr), e.Details];
        var canonical = string.Concat(fields.Select(f => $"{f.Length}:{f}"));
        return HMACSHA256.HashData(key, (byte[])[.. previous, .. Encoding.UTF8.GetBytes(canonical)]);
    }

    // SQLite cannot store NaN and turns -0.0 into 0: refuse the one, normalise the other before hashing.
    private static double? Storable(double? value, string name) => value switch
    {
        null => null,
        { } v when !double.IsFinite(v) => throw new ArgumentException($"An audit {name} must be a finite number, got {v}."),
        0 => 0.0,
        { } v => v,
    };
}
