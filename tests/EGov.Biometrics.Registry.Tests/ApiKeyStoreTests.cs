using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Tests;

public sealed class ApiKeyStoreTests
{
    [Theory]
    [BothStores]
    public void A_created_key_authenticates_with_its_role_until_revoked(Store on)
    {
        using var temp = new TemporaryRegistry(on);
        var store = new ApiKeyStore(temp.Database());

        var key = store.Create("operator");
        var identity = store.Authenticate(key);

        Assert.Equal("operator", identity!.Role);
        Assert.Equal(identity, store.Authenticate(key)); // second time from the cache
        Assert.True(store.Revoke(identity.KeyId));
        Assert.Null(store.Authenticate(key));
        Assert.False(store.Revoke(identity.KeyId));
    }

    [Theory]
    [InlineData(null, Store.Sqlite)]
    [InlineData("", Store.Sqlite)]
    [InlineData("egov_short_x", Store.Sqlite)]
    [InlineData("Bearer something", Store.Sqlite)]
    [InlineData(null, Store.Postgres)]
    [InlineData("", Store.Postgres)]
    [InlineData("egov_short_x", Store.Postgres)]
    [InlineData("Bearer something", Store.Postgres)]
    public void Malformed_keys_do_not_authenticate(string? key, Store on)
    {
        using var temp = new TemporaryRegistry(on);

        Assert.Null(new ApiKeyStore(temp.Database()).Authenticate(key));
    }

    // SQLite only: it scans the database's files for the secret (the same code stores only the hash on PostgreSQL).
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
