using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Access;

/// <summary>
/// The console's people. Every change and its audit entry commit together in the registry's group commit;
/// a change is decided against the row read inside that transaction, so concurrent sign-ins count failures
/// exactly. <see cref="Find"/> runs on every console request (session revalidation): it is served from a
/// cache that each change through this store invalidates.
/// </summary>
public sealed class PersonStore(SubjectRegistry registry)
{
    private const string Columns = "username, role, desk, language, password_hash, disabled, failed_count, locked_until, security_stamp, created_at";

    private readonly ConcurrentDictionary<string, PersonRecord> _cache = new(StringComparer.Ordinal);

    // Bumped by every change: a lookup that raced a change does not put the row it read into the cache.
    private long _generation;

    /// <summary>Adds the person with its audit entry; <see cref="PersonExistsException"/> when the name is taken.</summary>
    public async Task CreateAsync(PersonRecord person, AuditEntry audit)
    {
        await registry.WriteAsync((connection, transaction) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO people ({Columns}) VALUES (@username, @role, @desk, @language, @hash, @disabled, @failed, @locked, @stamp, @created) ON CONFLICT(username) DO NOTHING";
            Bind(insert, person);
            if (insert.ExecuteNonQuery() == 0)
            {
                throw PersonExistsException.For(person.Username);
            }

            return AuditLog.Append(connection, transaction, audit, registry.AuditKey);
        }).ConfigureAwait(false);
        Invalidate(person.Username);
    }

    /// <summary>
    /// Reads the person's row (null when there is none) inside a write transaction, lets <paramref name="decide"/>
    /// choose the new row and the audit entry, and commits both together.
    /// </summary>
    public async Task<T> ChangeAsync<T>(string username, Func<PersonRecord?, PersonChange<T>> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        try
        {
            return await registry.WriteAsync((connection, transaction) =>
            {
                var change = decide(Read(connection, transaction, username));
                if (change.Updated is { } updated)
                {
                    using var update = connection.CreateCommand();
                    update.Transaction = transaction;
                    update.CommandText = """
                        UPDATE people SET role = @role, desk = @desk, language = @language, password_hash = @hash, disabled = @disabled,
                            failed_count = @failed, locked_until = @locked, security_stamp = @stamp
                        WHERE username = @username
                        """;
                    Bind(update, updated with { Username = username });
                    update.ExecuteNonQuery();
                }

                AuditLog.Append(connection, transaction, change.Audit, registry.AuditKey);
                return change.Result;
            }).ConfigureAwait(false);
        }
        finally
        {
            Invalidate(username);
        }
    }

    /// <summary>The person named <paramref name="username"/>, or null (from the cache when it holds the row).</summary>
    public PersonRecord? Find(string username)
    {
        if (_cache.TryGetValue(username, out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        using var connection = registry.Database.Open();
        var person = Read(connection, null, username);
        if (person is not null && Interlocked.Read(ref _generation) == generation)
        {
            _cache[username] = person;
        }

        return person;
    }

    /// <summary>Every person, in user-name order.</summary>
    public IReadOnlyList<PersonRecord> List()
    {
        using var connection = registry.Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {Columns} FROM people ORDER BY username";
        using var reader = query.ExecuteReader();
        var people = new List<PersonRecord>();
        while (reader.Read())
        {
            people.Add(Row(reader));
        }

        return people;
    }

    private void Invalidate(string username)
    {
        Interlocked.Increment(ref _generation);
        _cache.TryRemove(username, out _);
    }

    private static PersonRecord? Read(DbConnection connection, DbTransaction? transaction, string username)
    {
        using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = $"SELECT {Columns} FROM people WHERE username = @username";
        query.AddParameter("@username", username);
        using var reader = query.ExecuteReader();
        return reader.Read() ? Row(reader) : null;
    }

    private static PersonRecord Row(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetInt64(5) != 0, reader.GetInt32(6), reader.IsDBNull(7) ? null : Time(reader.GetString(7)), reader.GetString(8), Time(reader.GetString(9)));

    private static void Bind(DbCommand command, PersonRecord person)
    {
        command.AddParameter("@username", person.Username);
        command.AddParameter("@role", person.Role);
        command.AddParameter("@desk", person.Desk);
        command.AddParameter("@language", person.Language);
        command.AddParameter("@hash", person.PasswordHash);
        command.AddParameter("@disabled", person.Disabled ? 1 : 0);
        command.AddParameter("@failed", person.FailedCount);
        command.AddParameter("@locked", person.LockedUntil is { } until ? Text(until) : DBNull.Value);
        command.AddParameter("@stamp", person.SecurityStamp);
        command.AddParameter("@created", Text(person.CreatedAt));
    }

    private static string Text(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
