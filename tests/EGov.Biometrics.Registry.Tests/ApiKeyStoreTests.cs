using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Tests;

public sealed class ApiKeyStoreTests
{
    [Fact]
    public void A_created_key_authenticates_with_its_role_until_revoked()
    {
        using var temp = new TemporaryRegistry();
        var store = new ApiKeyStore(new RegistryDatabase(temp.Path));

        var key = store.Create("operator");
        var identity = store.Authenticate(key);

        Assert.Equal("operator", identity!.Role);
        Assert.Equal(identity, store.Authenticate(key)); // second time from the cache
        Assert.True(store.Revoke(identity.KeyId));
        Assert.Null(store.Authenticate(key));
        Assert.False(store.Revoke(identity.KeyId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("egov_short_x")]
    [InlineData("Bearer something")]
    public void Malformed_keys_do_not_authenticate(string? key)
    {
        using var temp = new TemporaryRegistry();

        Assert.Null(new ApiKeyStore(new RegistryDatabase(temp.Path)).Authenticate(key));
    }

    [Fact]
    public void A_key_with_the_right_id_and_a_wrong_secret_is_refused_and_only_hashes_are_stored()
    {
        using var temp = new TemporaryRegistry();
        var store = new ApiKeyStore(new RegistryDatabase(temp.Path));
        var key = store.Create("admin");

        Assert.Null(store.Authenticate(key[..^1] + (key[^1] == '0' ? "1" : "0")));
        var bytes = File.ReadAllBytes(temp.Path).Concat(File.Exists(temp.Path + "-wal") ? File.ReadAllBytes(temp.Path + "-wal") : []).ToArray();
        Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(key.Split('_')[2])) < 0, "the secret must not be stored");
    }
}
