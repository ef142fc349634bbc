using System.Text;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Service.Audit;

/// <summary>
/// The audit log for auditors and admins: filtered pages newest first, the chain's verification, and a CSV
/// export of everything a filter selects (streamed, oldest first; the export itself is audited).
/// </summary>
public sealed class AuditQuery(SubjectRegistry registry)
{
    public const int MaxPageSize = 500;

    /// <summary>At most <paramref name="pageSize"/> matching entries with seq below <paramref name="beforeSeq"/> (<see cref="long.MaxValue"/>: the newest), newest first.</summary>
    public IReadOnlyList<StoredAuditEntry> Page(AuditFilter filter, long beforeSeq, int pageSize, Caller caller)
    {
        AccessPolicies.Require(AccessPolicies.ReadAudit, caller, "the audit log");
        ArgumentOutOfRangeException.ThrowIfLessThan(beforeSeq, 1);
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentException($"A page holds 1 to {MaxPageSize} entries, not {pageSize}.", nameof(pageSize));
        }

        using var connection = registry.Database.Open();
        return AuditSearch.Page(connection, Criteria(filter), beforeSeq, pageSize);
    }

    /// <summary>Walks the whole chain (and the anchor, when the registry keeps one) and names the first entry that does not verify.</summary>
    public AuditVerification VerifyChain(Caller caller)
    {
        AccessPolicies.Require(AccessPolicies.ReadAudit, caller, "the audit log");
        return registry.VerifyAudit();
    }

    /// <summary>Writes every entry <paramref name="filter"/> selects to <paramref name="output"/> as CSV (UTF-8, header row), oldest first.</summary>
    public async Task ExportCsvAsync(AuditFilter filter, Stream output, Caller caller, CancellationToken cancel = default)
    {
        AccessPolicies.Require(AccessPolicies.ReadAudit, caller, "the audit log");
        ArgumentNullException.ThrowIfNull(output);
        var criteria = Criteria(filter);

        // Recorded first (so an export cut short is on record too), and not part of its own output.
        var exportSeq = await registry.RecordAsync(new AuditEntry(caller.Id, caller.Role, caller.Desk, "export-audit", string.Empty, "exported", Details: Describe(filter))).ConfigureAwait(false);
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(AuditCsv.Header).ConfigureAwait(false);
            using var connection = registry.Database.Open();
            foreach (var entry in AuditSearch.Stream(connection, criteria, exportSeq - 1))
            {
                await writer.WriteLineAsync(AuditCsv.Row(entry).AsMemory(), cancel).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Refuses a filter no query can run (an end before its start), before anything is written.</summary>
    public static void Check(AuditFilter filter) => Criteria(filter);

    private static AuditCriteria Criteria(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.From is { } from && filter.To is { } to && to <= from)
        {
            throw new ArgumentException($"The audit filter's end ({to:O}) must come after its start ({from:O}).", nameof(filter));
        }

        static string? Field(string? value) => string.IsNullOrEmpty(value) ? null : Text.Bounded(value, 256);
        return new AuditCriteria(Field(filter.Caller), Field(filter.Action), Field(filter.Desk), Field(filter.Subject), filter.From, filter.To);
    }

    private static string Describe(AuditFilter filter) => string.Join(", ", new[]
    {
        filter.Caller is { Length: > 0 } c ? $"caller {c}" : null,
        filter.Action is { Length: > 0 } a ? $"action {a}" : null,
        filter.Desk is { Length: > 0 } d ? $"desk {d}" : null,
        filter.Subject is { Length: > 0 } s ? $"subject {s}" : null,
        filter.From is { } f ? $"from {f:O}" : null,
        filter.To is { } t ? $"to {t:O}" : null,
    }.Where(part => part is not null)) is { Length: > 0 } described ? Text.Bounded(described, 512) : "all entries";
}
