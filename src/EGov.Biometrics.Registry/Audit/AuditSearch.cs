using System.Data.Common;
using System.Globalization;
using System.Text;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// Filtered reads of the audit log, in SQL: a page of the newest matching entries before a sequence number,
/// or every matching entry oldest first as a stream. Neither loads the log to filter it.
/// </summary>
public static class AuditSearch
{
    internal const string Columns = "seq, at, caller, role, desk, action, subject, decision, score, fmr, details, prev_hash, hash";

    /// <summary>At most <paramref name="pageSize"/> matching entries with seq below <paramref name="beforeSeq"/>, newest first.</summary>
    public static IReadOnlyList<StoredAuditEntry> Page(DbConnection connection, AuditCriteria criteria, long beforeSeq, int pageSize)
    {
        using var query = Query(connection, criteria, "seq < @before", "DESC");
        query.CommandText += " LIMIT @limit";
        query.AddParameter("@before", beforeSeq);
        query.AddParameter("@limit", pageSize);
        return [.. Entries(query)];
    }

    /// <summary>Every matching entry with seq up to <paramref name="throughSeq"/>, oldest first, read as it is enumerated.</summary>
    public static IEnumerable<StoredAuditEntry> Stream(DbConnection connection, AuditCriteria criteria, long throughSeq)
    {
        using var query = Query(connection, criteria, "seq <= @through", "ASC");
        query.AddParameter("@through", throughSeq);
        foreach (var entry in Entries(query))
        {
            yield return entry;
        }
    }

    private static DbCommand Query(DbConnection connection, AuditCriteria criteria, string bound, string order)
    {
        var query = connection.CreateCommand();
        var where = new StringBuilder(bound);
        void Equal(string column, string? value)
        {
            if (value is not null)
            {
                where.Append(CultureInfo.InvariantCulture, $" AND {column} = @{column}");
                query.AddParameter("@" + column, value);
            }
        }

        Equal("caller", criteria.Caller);
        Equal("action", criteria.Action);
        Equal("desk", criteria.Desk);
        Equal("subject", criteria.Subject);

        // Times are stored as UTC round-trip text of one fixed width, so they compare as text.
        if (criteria.From is { } from)
        {
            where.Append(" AND at >= @from");
            query.AddParameter("@from", from.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        }

        if (criteria.To is { } to)
        {
            where.Append(" AND at < @to");
            query.AddParameter("@to", to.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        }

        query.CommandText = $"SELECT {Columns} FROM audit WHERE {where} ORDER BY seq {order}";
        return query;
    }

    /// <summary>The entries a query over <see cref="Columns"/> returns, in its order.</summary>
    internal static IEnumerable<StoredAuditEntry> Entries(DbCommand query)
    {
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            var entry = new AuditEntry(
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetDouble(8), reader.IsDBNull(9) ? null : reader.GetDouble(9), reader.GetString(10))
            {
                At = DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
            };
            yield return new StoredAuditEntry(reader.GetInt64(0), entry, (byte[])reader[11], (byte[])reader[12]);
        }
    }
}
