using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Tests;

/// <summary>
/// A caller's text with a NUL character (U+0000) in it: PostgreSQL refuses it in text columns (22021), which reached the
/// caller as an internal error; on both stores it is now bad input, refused before any SQL runs, with nothing written.
/// Quotes, SQL and characters outside the BMP are ordinary text, stored and found as given.
/// </summary>
public sealed class RegistryTextTests
{
    private const string Model = "faceplugin-arcface-r512";

    [Theory]
    [BothStores]
    public async Task A_NUL_in_an_idempotency_key_a_lookup_or_a_page_token_is_refused_as_bad_input_with_nothing_written(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var audit = temp.Registry.AuditEntries();

        var enrol = await Assert.ThrowsAsync<ArgumentException>(() => temp.Registry.EnrollAsync("70000000000101", [new NewTemplate(TemporaryRegistry.UnitVector(1), Model)], TemporaryRegistry.Audit(), new EnrollmentKey("k\0x", [1], "key:enroller")));
        var find = Assert.Throws<ArgumentException>(() => new EnrollmentKeyStore(temp.Registry).Find("k\0x"));
        var page = Assert.Throws<ArgumentException>(() => temp.Registry.List("3\0", 10));
        var person = Assert.Throws<ArgumentException>(() => new PersonStore(temp.Registry).Find("alice\0"));

        Assert.All([enrol, find, page, person], e => Assert.Contains("NUL character", e.Message, StringComparison.Ordinal));
        Assert.Null(temp.Registry.Get("70000000000101"));
        Assert.Equal(audit, temp.Registry.AuditEntries());
    }

    [Theory]
    [BothStores]
    public async Task Quotes_SQL_and_characters_outside_the_BMP_in_a_key_are_stored_and_found_as_given(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        const string Key = "ключ-🙂-'\"; DROP TABLE subjects;--";

        await temp.Registry.EnrollAsync("70000000000102", [new NewTemplate(TemporaryRegistry.UnitVector(2), Model)], TemporaryRegistry.Audit(), new EnrollmentKey(Key, [1], "key:enroller"));

        Assert.Equal("70000000000102", new EnrollmentKeyStore(temp.Open(temp.Keys)).Find(Key)?.Pinfl);
        Assert.Null(new EnrollmentKeyStore(temp.Registry).Find("ключ-🙂-'"));
    }
}
