using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Audit;

namespace EGov.Biometrics.Registry.Tests;

public sealed class PersonStoreTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.Parse("2026-12-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static PersonRecord Alice => new("alice", "operator", "desk-3", "ru", "HASH-1", Disabled: false, FailedCount: 0, LockedUntil: null, "stamp-1", Created);

    [Theory]
    [BothStores]
    public void The_migration_creates_the_people_table_and_the_audit_indexes(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        using var connection = temp.Registry.Database.Open();
        using var query = connection.CreateCommand();
        var catalog = on == Store.Sqlite ? "SELECT name FROM sqlite_master" : "SELECT relname FROM pg_class";
        query.CommandText = $"{catalog} WHERE {(on == Store.Sqlite ? "name" : "relname")} IN ('people', 'audit_by_subject', 'audit_by_caller') ORDER BY 1";
        using var reader = query.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        Assert.Equal(["audit_by_caller", "audit_by_subject", "people"], names);
    }

    [Theory]
    [BothStores]
    public async Task A_created_person_is_stored_with_its_audit_entry_and_a_taken_name_is_refused_with_nothing_written(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var store = new PersonStore(temp.Registry);

        await store.CreateAsync(Alice, new AuditEntry("key:admin", "admin", string.Empty, "create-user", "alice", "created"));
        var duplicate = await Assert.ThrowsAsync<PersonExistsException>(() => store.CreateAsync(Alice with { Role = "admin" }, new AuditEntry("key:admin", "admin", string.Empty, "create-user", "alice", "created")));

        Assert.Contains("'alice' already exists", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(Alice, store.Find("alice"));
        Assert.Equal([Alice], store.List());
        var audit = Entries(temp);
        Assert.Equal("create-user:alice:created", Assert.Single(audit));
        Assert.Null(store.Find("bob"));
    }

    [Theory]
    [BothStores]
    public async Task A_change_writes_the_row_and_its_audit_entry_together_and_the_cached_lookup_sees_it(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var store = new PersonStore(temp.Registry);
        await store.CreateAsync(Alice, new AuditEntry("key:admin", "admin", string.Empty, "create-user", "alice", "created"));
        Assert.Equal("stamp-1", store.Find("alice")!.SecurityStamp); // now cached

        var locked = Created.AddMinutes(15);
        var result = await store.ChangeAsync("alice", current => new PersonChange<int>(
            current! with { FailedCount = 3, LockedUntil = locked, Disabled = true, SecurityStamp = "stamp-2" },
            new AuditEntry("user:alice", "operator", "desk-3", "sign-in", "alice", "locked-out"),
            current.FailedCount + 41));

        Assert.Equal(41, result);
        Assert.Equal(Alice with { FailedCount = 3, LockedUntil = locked, Disabled = true, SecurityStamp = "stamp-2" }, store.Find("alice"));
        Assert.Equal(["create-user:alice:created", "sign-in:alice:locked-out"], Entries(temp));

        // A restart reads the same row back from the file.
        Assert.Equal(store.Find("alice"), new PersonStore(temp.Registry).Find("alice"));
    }

    [Theory]
    [BothStores]
    public async Task A_change_that_fails_leaves_neither_the_row_nor_an_audit_entry(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var store = new PersonStore(temp.Registry);
        await store.CreateAsync(Alice, new AuditEntry("key:admin", "admin", string.Empty, "create-user", "alice", "created"));

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.ChangeAsync<bool>("nobody", _ => throw new KeyNotFoundException("no such person")));

        Assert.Single(Entries(temp));
        Assert.Equal(Alice, store.Find("alice"));
        Assert.True(temp.Registry.VerifyAudit().Intact);
    }

    private static List<string> Entries(TemporaryRegistry temp)
    {
        using var connection = temp.Registry.Database.Open();
        return [.. AuditLog.Read(connection).Select(e => $"{e.Entry.Action}:{e.Entry.Subject}:{e.Entry.Decision}")];
    }
}
