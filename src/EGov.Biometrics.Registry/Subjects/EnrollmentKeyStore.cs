using System.Data.Common;
using System.Globalization;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Subjects;

/// <summary>
/// Enrolments by idempotency key (<see cref="EnrollmentKey"/>): written in the enrolment's own transaction
/// (<see cref="SubjectRegistry.EnrollAsync"/>), so a key on disk always names a committed subject, and deleted with it.
/// </summary>
public sealed class EnrollmentKeyStore(SubjectRegistry registry)
{
    /// <summary>The enrolment made under <paramref name="key"/>, or null when none was.</summary>
    public StoredEnrollmentKey? Find(string key)
    {
        using var connection = registry.Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT k.pinfl, k.request_hash, k.caller, k.decision_seq, t.id FROM enrollment_keys k
            LEFT JOIN templates t ON t.pinfl = k.pinfl WHERE k.idempotency_key = @key ORDER BY t.id
            """;
        query.AddParameter("@key", key);
        using var reader = query.ExecuteReader();
        StoredEnrollmentKey? found = null;
        var templates = new List<long>();
        while (reader.Read())
        {
            found ??= new StoredEnrollmentKey(new EnrollmentKey(key, (byte[])reader[1], reader.GetString(2)), reader.GetString(0), reader.GetInt64(3), templates);
            if (!reader.IsDBNull(4))
            {
                templates.Add(reader.GetInt64(4));
            }
        }

        return found;
    }

    /// <summary>Of <paramref name="pinfls"/>, those <paramref name="caller"/> enrolled under a key, with the key.</summary>
    public IReadOnlyDictionary<string, string> KeysEnrolledBy(string caller, IReadOnlyCollection<string> pinfls)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pinfls.Count == 0)
        {
            return keys;
        }

        using var connection = registry.Database.Open();
        using var query = connection.CreateCommand();
        var names = pinfls.Select((p, i) =>
        {
            query.AddParameter($"@p{i}", p);
            return $"@p{i}";
        }).ToList();
        query.CommandText = $"SELECT pinfl, idempotency_key FROM enrollment_keys WHERE caller = @caller AND pinfl IN ({string.Join(", ", names)})";
        query.AddParameter("@caller", caller);
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            keys[reader.GetString(0)] = reader.GetString(1);
        }

        return keys;
    }

    /// <summary>How many enrolments were made under a key (what an import's retries must not change).</summary>
    public long Count()
    {
        using var connection = registry.Database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM enrollment_keys";
        return (long)count.ExecuteScalar()!;
    }

    /// <summary>Stores the key of the enrolment being written in <paramref name="transaction"/>; a key used before fails the write.</summary>
    internal static void Insert(DbConnection connection, DbTransaction transaction, EnrollmentKey key, string pinfl, long decisionSeq)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO enrollment_keys (idempotency_key, pinfl, request_hash, caller, decision_seq, created_at)
            VALUES (@key, @pinfl, @hash, @caller, @seq, @at)
            """;
        insert.AddParameter("@key", key.Key);
        insert.AddParameter("@pinfl", pinfl);
        insert.AddParameter("@hash", key.RequestHash);
        insert.AddParameter("@caller", key.Caller);
        insert.AddParameter("@seq", decisionSeq);
        insert.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        insert.ExecuteNonQuery();
    }
}
