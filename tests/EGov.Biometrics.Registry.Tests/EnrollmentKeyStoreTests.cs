using EGov.Biometrics.Registry.Subjects;
using System.Data.Common;

namespace EGov.Biometrics.Registry.Tests;

/// <summary>Bulk import's idempotency keys: stored in the enrolment's own commit, never twice, gone with the subject.</summary>
public sealed class EnrollmentKeyStoreTests
{
    private const string Model = "faceplugin-arcface-r512";

    [Theory]
    [BothStores]
    public async Task A_key_is_stored_with_its_enrolment_and_names_it_after_a_reopen(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var key = new EnrollmentKey("import-row-2", [1, 2, 3], "key:enroller");

        var enrolment = await temp.Registry.EnrollAsync("70000000000001", [new NewTemplate(TemporaryRegistry.UnitVector(1), Model), new NewTemplate(TemporaryRegistry.UnitVector(2), Model)], TemporaryRegistry.Audit(), key);
        var found = new EnrollmentKeyStore(temp.Open(temp.Keys)).Find("import-row-2");

        Assert.NotNull(found);
        Assert.Equal("70000000000001", found.Pinfl);
        Assert.Equal(enrolment.TemplateIds, found.TemplateIds);
        Assert.Equal(enrolment.AuditSeq, found.DecisionSeq);
        Assert.Equal(key.RequestHash, found.Key.RequestHash);
        Assert.Equal("key:enroller", found.Key.Caller);
        Assert.Null(new EnrollmentKeyStore(temp.Registry).Find("import-row-3"));
    }

    [Theory]
    [BothStores]
    public async Task A_key_used_before_fails_the_second_enrolment_whole(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var store = new EnrollmentKeyStore(temp.Registry);
        await temp.Registry.EnrollAsync("70000000000002", [new NewTemplate(TemporaryRegistry.UnitVector(3), Model)], TemporaryRegistry.Audit(), new EnrollmentKey("k", [1], "c"));
        var audit = temp.Registry.AuditEntries();

        await Assert.ThrowsAnyAsync<DbException>(() => temp.Registry.EnrollAsync("70000000000003", [new NewTemplate(TemporaryRegistry.UnitVector(4), Model)], TemporaryRegistry.Audit(), new EnrollmentKey("k", [2], "c")));

        Assert.Null(temp.Registry.Get("70000000000003"));
        Assert.Equal(audit, temp.Registry.AuditEntries());
        Assert.Equal(1, store.Count());
    }

    [Theory]
    [BothStores]
    public async Task Deleting_the_subject_deletes_its_key_and_only_the_callers_own_enrolments_are_named(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var store = new EnrollmentKeyStore(temp.Registry);
        await temp.Registry.EnrollAsync("70000000000004", [new NewTemplate(TemporaryRegistry.UnitVector(5), Model)], TemporaryRegistry.Audit(), new EnrollmentKey("mine", [1], "key:a"));
        await temp.Registry.EnrollAsync("70000000000005", [new NewTemplate(TemporaryRegistry.UnitVector(6), Model)], TemporaryRegistry.Audit(), new EnrollmentKey("theirs", [1], "key:b"));
        await temp.Registry.EnrollAsync("70000000000006", [new NewTemplate(TemporaryRegistry.UnitVector(7), Model)], TemporaryRegistry.Audit());

        var named = store.KeysEnrolledBy("key:a", ["70000000000004", "70000000000005", "70000000000006"]);
        await temp.Registry.DeleteAsync("70000000000004", TemporaryRegistry.Audit("delete"));

        Assert.Equal(new Dictionary<string, string> { ["70000000000004"] = "mine" }, named);
        Assert.Null(store.Find("mine"));
        Assert.Equal(1, store.Count());
    }
}
