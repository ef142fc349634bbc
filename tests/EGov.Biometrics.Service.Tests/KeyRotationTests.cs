using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Keys;

namespace EGov.Biometrics.Service.Tests;

/// <summary>Key rotation while serving: a new key saved before use, everything re-encrypted in batches, other writes not stalled.</summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly Domain _domain = new();

    [Fact]
    public async Task Rotation_saves_a_new_active_key_re_encrypts_every_template_and_a_restart_still_verifies()
    {
        for (var i = 0; i < 30; i++)
        {
            await _domain.Service.EnrollAsync(new EnrollCommand($"3000000000{i:0000}", [Domain.Template(Domain.Unit(i))], DuplicateHandling.Flag), Domain.Admin);
        }

        var file = new KeyRingFile(Path.Combine(_domain.Folder, "template-keys.json"));
        file.Save(_domain.Keys);
        var rotation = new KeyRotation(_domain.Registry, _domain.Cipher, file);

        var result = await rotation.RotateAsync(Domain.Admin, batchSize: 7);

        Assert.Equal(new KeyRotationResult("k2", GeneratedKey: true, 30), result);
        Assert.Equal(new Dictionary<string, long> { ["k2"] = 30 }, _domain.Registry.TemplatesByKey());
        var saved = file.Load();
        Assert.Equal("k2", saved.ActiveKeyId);
        Assert.Equal(["k1", "k2"], saved.KeyIds.Order());
        Assert.True(_domain.Registry.VerifyAudit().Intact);

        // A later rotation adds k3; nothing is left under k1 or k2.
        Assert.Equal(30, (await rotation.RotateAsync(Domain.Admin)).ReencryptedTemplates);
        Assert.Equal(new Dictionary<string, long> { ["k3"] = 30 }, _domain.Registry.TemplatesByKey());

        using var restarted = new Domain(keys: file.Load());
        Assert.Equal("k3", restarted.Keys.ActiveKeyId);
    }

    [Fact]
    public async Task Other_writes_commit_between_batches_instead_of_waiting_for_the_whole_rotation()
    {
        for (var i = 0; i < 200; i++)
        {
            await _domain.Service.EnrollAsync(new EnrollCommand($"4000000000{i:0000}", [Domain.Template(Domain.Unit(i))], DuplicateHandling.Flag), Domain.Admin);
        }

        var rotation = new KeyRotation(_domain.Registry, _domain.Cipher, new KeyRingFile(Path.Combine(_domain.Folder, "keys.json")));
        var rotating = rotation.RotateAsync(Domain.Admin, batchSize: 1);

        // A decision recorded while the rotation runs lands before it finishes.
        var verified = await _domain.Service.VerifyAsync("40000000000000", Domain.Template(Domain.Unit(0)), Domain.Supervisor);
        var remaining = _domain.Registry.TemplatesByKey().GetValueOrDefault("k1");
        await rotating;

        Assert.True(verified.Match);
        Assert.True(remaining > 0, "the verification waited for the whole rotation");
        Assert.Equal(new Dictionary<string, long> { ["k2"] = 200 }, _domain.Registry.TemplatesByKey());
    }

    [Fact]
    public async Task Without_a_key_file_rotation_re_encrypts_under_the_active_key_of_the_environment()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand("50000000000000", [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        _domain.Cipher.Use(_domain.Keys.WithNewActiveKey("k7"));
        var rotation = new KeyRotation(_domain.Registry, _domain.Cipher, keyFile: null);

        var result = await rotation.RotateAsync(Domain.Admin);

        Assert.Equal(new KeyRotationResult("k7", GeneratedKey: false, 1), result);
        Assert.Throws<ArgumentException>(() => _domain.Cipher.Use(KeyRing.Generate("k9")));
        Assert.Equal("k8", KeyRotation.NextKeyId(_domain.Cipher.Keys));
    }

    [Fact]
    public async Task Only_one_rotation_runs_at_once_and_one_stopped_part_way_is_finished_under_its_key_not_given_another()
    {
        for (var i = 0; i < 50; i++)
        {
            await _domain.Service.EnrollAsync(new EnrollCommand($"6000000000{i:0000}", [Domain.Template(Domain.Unit(i))], DuplicateHandling.Flag), Domain.Admin);
        }

        var file = new KeyRingFile(Path.Combine(_domain.Folder, "template-keys.json"));
        var rotation = new KeyRotation(_domain.Registry, _domain.Cipher, file);
        using var stop = new CancellationTokenSource();

        var first = rotation.RotateAsync(Domain.Admin, batchSize: 1, cancel: stop.Token);
        Assert.Contains("already running", (await Assert.ThrowsAsync<Failures.PreconditionFailedException>(() => rotation.RotateAsync(Domain.Admin))).Message, StringComparison.Ordinal);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.True(_domain.Registry.TemplatesByKey().GetValueOrDefault("k1") > 0);

        var resumed = await rotation.RotateAsync(Domain.Admin);

        Assert.Equal("k2", resumed.ActiveKeyId);
        Assert.False(resumed.GeneratedKey);
        Assert.Equal(new Dictionary<string, long> { ["k2"] = 50 }, _domain.Registry.TemplatesByKey());
        Assert.Equal(["k1", "k2"], file.Load().KeyIds.Order());
    }

    public void Dispose() => _domain.Dispose();
}
