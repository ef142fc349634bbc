using System.Runtime.InteropServices;
using System.Security.Cryptography;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Subjects;
using Microsoft.Data.Sqlite;

namespace EGov.Biometrics.Registry.Tests;

public sealed class SubjectRegistryTests
{
    private const string Model = "faceplugin-arcface-r512";
    private const string Alice = "31234567890123";
    private const string Bob = "42345678901234";

    [Theory]
    [BothStores]
    public async Task Enrolled_templates_survive_reopening_and_decrypt_to_the_same_vectors(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var vector = TemporaryRegistry.UnitVector(1);

        var ids = (await temp.Registry.EnrollAsync(Alice, [new NewTemplate(vector, Model, 0.9f)], TemporaryRegistry.Audit())).TemplateIds;
        var reopened = temp.Open(temp.Keys);

        var stored = Assert.Single(reopened.LoadTemplates(Model));
        Assert.Equal(ids[0], stored.Id);
        Assert.Equal(Alice, stored.Pinfl);
        Assert.Equal(vector, stored.Vector);
        Assert.Equal(0.9f, stored.Quality);
        Assert.Equal(ids, reopened.Get(Alice)!.Templates.Select(t => t.Id));
    }

    // SQLite only: it scans the database's files. On PostgreSQL the same code seals the same bytes before they are sent.
    [Fact]
    public async Task The_database_file_holds_no_plaintext_template_bytes()
    {
        using var temp = new TemporaryRegistry();
        var vector = TemporaryRegistry.UnitVector(2);
        await temp.Registry.EnrollAsync(Alice, [new NewTemplate(vector, Model)], TemporaryRegistry.Audit());
        // The audit anchor is replaced on a thread of its own (written aside, then renamed): wait for it (VerifyAudit
        // flushes), so no file is renamed away between the listing and the read.
        Assert.True(temp.Registry.VerifyAudit().Intact);

        var files = Directory.GetFiles(Path.GetDirectoryName(temp.Path)!).Select(File.ReadAllBytes).ToList();
        var plaintext = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

        // Neither the whole vector nor any 16-byte run of it (four floats) appears in the file or its WAL.
        Assert.NotEmpty(files);
        foreach (var bytes in files)
        {
            for (var offset = 0; offset + 16 <= plaintext.Length; offset += 16)
            {
                Assert.True(bytes.AsSpan().IndexOf(plaintext.AsSpan(offset, 16)) < 0, $"plaintext bytes {offset}..{offset + 16} found on disk");
            }
        }
    }

    [Theory]
    [BothStores]
    public async Task A_duplicate_or_invalid_enrolment_leaves_nothing_behind(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        await temp.Registry.EnrollAsync(Alice, [new NewTemplate(TemporaryRegistry.UnitVector(3), Model)], TemporaryRegistry.Audit());
        var auditBefore = temp.Registry.VerifyAudit().Entries;

        await Assert.ThrowsAsync<SubjectExistsException>(() => temp.Registry.EnrollAsync(Alice, [new NewTemplate(TemporaryRegistry.UnitVector(4), Model)], TemporaryRegistry.Audit()));
        await Assert.ThrowsAsync<ArgumentException>(() => temp.Registry.EnrollAsync(Bob, [new NewTemplate([float.NaN, 1f], Model)], TemporaryRegistry.Audit()));
        await Assert.ThrowsAsync<ArgumentException>(() => temp.Registry.EnrollAsync("12345", [new NewTemplate(TemporaryRegistry.UnitVector(5), Model)], TemporaryRegistry.Audit()));
        await Assert.ThrowsAsync<ArgumentException>(() => temp.Registry.EnrollAsync(Bob, [], TemporaryRegistry.Audit()));

        Assert.Equal(1, temp.Registry.CountTemplates());
        Assert.Null(temp.Registry.Get(Bob));
        Assert.Equal(auditBefore, temp.Registry.VerifyAudit().Entries);
    }

    [Theory]
    [BothStores]
    public async Task Deleting_a_subject_removes_its_templates_for_good_and_keeps_the_event(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        await temp.Registry.EnrollAsync(Alice, [new NewTemplate(TemporaryRegistry.UnitVector(6), Model), new NewTemplate(TemporaryRegistry.UnitVector(7), Model)], TemporaryRegistry.Audit());
        await temp.Registry.EnrollAsync(Bob, [new NewTemplate(TemporaryRegistry.UnitVector(8), Model)], TemporaryRegistry.Audit());

        Assert.True(await temp.Registry.DeleteAsync(Alice, TemporaryRegistry.Audit("delete")));
        Assert.False(await temp.Registry.DeleteAsync(Alice, TemporaryRegistry.Audit("delete")));

        Assert.Null(temp.Registry.Get(Alice));
        Assert.Equal([Bob], temp.Registry.LoadTemplates(Model).Select(t => t.Pinfl));
        var audit = temp.Registry.VerifyAudit();
        Assert.True(audit.Intact);
        Assert.Equal(4, audit.Entries);
    }

    [Theory]
    [BothStores]
    public async Task A_ciphertext_moved_to_another_subject_fails_authentication(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        await temp.Registry.EnrollAsync(Alice, [new NewTemplate(TemporaryRegistry.UnitVector(9), Model)], TemporaryRegistry.Audit());
        await temp.Registry.EnrollAsync(Bob, [new NewTemplate(TemporaryRegistry.UnitVector(10), Model)], TemporaryRegistry.Audit());

        // Someone with disk access gives Bob's row Alice's encrypted template.
        temp.Execute($"UPDATE templates SET (key_id, nonce, ciphertext, tag) = (SELECT key_id, nonce, ciphertext, tag FROM templates WHERE pinfl = '{Alice}') WHERE pinfl = '{Bob}'");

        var error = Assert.Throws<CryptographicException>(() => temp.Registry.LoadTemplates(Model).ToList());
        Assert.Contains(Bob, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [BothStores]
    public async Task The_wrong_key_cannot_read_templates(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        await temp.Registry.EnrollAsync(Alice, [new NewTemplate(TemporaryRegistry.UnitVector(11), Model)], TemporaryRegistry.Audit());

        Assert.Throws<CryptographicException>(() => temp.Open(KeyRing.Generate()).LoadTemplates(Model).ToList());
        Assert.Throws<KeyNotFoundException>(() => temp.Open(KeyRing.Generate("other")).LoadTemplates(Model).ToList());
    }

    [Theory]
    [BothStores]
    public async Task Stored_images_are_encrypted_bound_to_their_template_rotated_and_deleted_with_the_subject(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var image = System.Text.Encoding.ASCII.GetBytes("a face image that must never be readable on disk " + new string('x', 200));
        var ids = (await temp.Registry.EnrollAsync(Alice, [new NewTemplate(TemporaryRegistry.UnitVector(30), Model, Image: image)], TemporaryRegistry.Audit())).TemplateIds;
        var bobs = (await temp.Registry.EnrollAsync(Bob, [new NewTemplate(TemporaryRegistry.UnitVector(31), Model)], TemporaryRegistry.Audit())).TemplateIds;

        Assert.Equal(image, temp.Registry.LoadImages(Alice)[ids[0]]);
        Assert.Empty(temp.Registry.LoadImages(Bob));
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { temp.Path, temp.Path + "-wal" }.Where(_ => on == Store.Sqlite).Where(File.Exists))
        {
            Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(image.AsSpan(0, 32)));
        }

        // Moved to another template's row, it no longer opens.
        temp.Execute($"UPDATE face_images SET template_id = {bobs[0]} WHERE template_id = {ids[0]}");
        Assert.Throws<CryptographicException>(() => temp.Registry.LoadImages(Bob));
        temp.Execute($"UPDATE face_images SET template_id = {ids[0]} WHERE template_id = {bobs[0]}");

        var rotated = temp.Keys.WithNewActiveKey("k2");
        await temp.Open(rotated).RotateKeysAsync(TemporaryRegistry.Audit("rotate-keys"));
        var onlyNew = new KeyRing("k2", new Dictionary<string, byte[]> { ["k2"] = rotated.Key("k2") });
        Assert.Equal(image, temp.Open(onlyNew).LoadImages(Alice)[ids[0]]);

        Assert.True(await temp.Registry.DeleteAsync(Alice, TemporaryRegistry.Audit("delete")));
        Assert.Empty(temp.Open(onlyNew).LoadImages(Alice));
        Assert.Equal(0L, (long)temp.Scalar("SELECT COUNT(*) FROM face_images")!);
    }

    [Theory]
    [BothStores]
    public async Task Key_rotation_re_encrypts_every_template_under_the_new_key(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var vectors = Enumerable.Range(20, 5).Select(i => TemporaryRegistry.UnitVector(i)).ToList();
        await temp.Registry.EnrollAsync(Alice, vectors.Select(v => new NewTemplate(v, Model)).ToList(), TemporaryRegistry.Audit());
        var rotated = temp.Keys.WithNewActiveKey("k2");

        Assert.Equal(5, (await temp.Open(rotated).RotateKeysAsync(TemporaryRegistry.Audit("rotate-keys"))));

        // The old key can be dropped: the new one alone reads everything.
        var onlyNew = new KeyRing("k2", new Dictionary<string, byte[]> { ["k2"] = rotated.Key("k2") });
        Assert.Equal(vectors, temp.Open(onlyNew).LoadTemplates(Model).Select(t => t.Vector));
        Assert.Equal(0, (await temp.Open(rotated).RotateKeysAsync(TemporaryRegistry.Audit("rotate-keys"))));
    }

    [Theory]
    [BothStores]
    public async Task Subjects_are_listed_in_pages(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var pinfls = Enumerable.Range(0, 7).Select(i => $"5000000000000{i}").ToList();
        foreach (var pinfl in pinfls)
        {
            await temp.Registry.EnrollAsync(pinfl, [new NewTemplate(TemporaryRegistry.UnitVector(pinfl.GetHashCode()), Model)], TemporaryRegistry.Audit());
        }

        var first = temp.Registry.List(string.Empty, 3);
        var second = temp.Registry.List(first[^1].Pinfl, 3);
        var third = temp.Registry.List(second[^1].Pinfl, 3);

        Assert.Equal(pinfls, first.Concat(second).Concat(third).Select(s => s.Pinfl));
        Assert.Single(third);
        Assert.All(first, s => Assert.Single(s.Templates));
    }

    [Theory]
    [InlineData("12345678901234", true)]
    [InlineData("1234567890123", false)]
    [InlineData("123456789012345", false)]
    [InlineData("1234567890123a", false)]
    [InlineData("١٢٣٤٥٦٧٨٩٠١٢٣٤", false)]
    [InlineData(null, false)]
    public void Pinfl_is_exactly_14_ascii_digits(string? value, bool valid) => Assert.Equal(valid, Pinfl.IsValid(value));
}
