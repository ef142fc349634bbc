using System.Collections.Concurrent;
using System.Globalization;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Desks;

/// <summary>
/// Each desk's liveness policy, kept in the registry (the row and the change's audit entry commit together) and
/// in memory: every desk decision reads it, so it is loaded once and updated as it is written.
/// </summary>
public sealed class DeskPolicyStore
{
    private readonly SubjectRegistry _registry;
    // With the audit entry that set each policy: two changes of one desk racing each other leave the later commit.
    private readonly ConcurrentDictionary<string, (DeskPolicyRecord Policy, long Seq)> _policies = new(StringComparer.Ordinal);

    public DeskPolicyStore(SubjectRegistry registry)
    {
        _registry = registry;
        using var connection = registry.Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT desk, active_check, changed_at, changed_by FROM desk_policies";
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            var record = new DeskPolicyRecord(reader.GetString(0), reader.GetInt64(1) != 0, DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture), reader.GetString(3));
            _policies[record.Desk] = (record, 0);
        }
    }

    /// <summary>The policy an admin set for <paramref name="desk"/>, or null when none was (the default applies).</summary>
    public DeskPolicyRecord? Find(string desk) => _policies.TryGetValue(desk, out var held) ? held.Policy : null;

    /// <summary>Every policy an admin set, by desk.</summary>
    public IReadOnlyDictionary<string, DeskPolicyRecord> All() => _policies.ToDictionary(p => p.Key, p => p.Value.Policy, StringComparer.Ordinal);

    /// <summary>Sets <paramref name="policy"/> and appends <paramref name="change"/> to the audit in the same commit; returns the entry's number.</summary>
    public async Task<long> SetAsync(DeskPolicyRecord policy, AuditEntry change)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(policy.Desk);
        var seq = await _registry.WriteAsync((connection, transaction) =>
        {
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO desk_policies (desk, active_check, changed_at, changed_by) VALUES (@desk, @active, @at, @by)
                ON CONFLICT(desk) DO UPDATE SET active_check = excluded.active_check, changed_at = excluded.changed_at, changed_by = excluded.changed_by
                """;
            upsert.AddParameter("@desk", policy.Desk);
            upsert.AddParameter("@active", policy.ActiveCheck ? 1 : 0);
            upsert.AddParameter("@at", policy.ChangedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            upsert.AddParameter("@by", policy.ChangedBy);
            upsert.ExecuteNonQuery();
            return AuditLog.Append(connection, transaction, change, _registry.AuditKey);
        }).ConfigureAwait(false);
        _policies.AddOrUpdate(policy.Desk, (policy, seq), (_, held) => seq > held.Seq ? (policy, seq) : held);
        return seq;
    }
}
