using EGov.Biometrics.Matching.Gallery;

namespace EGov.Biometrics.Matching.Tests;

public sealed class SubjectKeysTests
{
    [Theory]
    [InlineData("31234567890123")] // a PINFL
    [InlineData("00012345678901")] // leading zeros survive
    [InlineData("0")]
    [InlineData("99999999999999999")] // 17 digits, the most that pack
    [InlineData("123456789012345678")] // 18 digits: interned
    [InlineData("alice")]
    [InlineData("subject-2")]
    [InlineData("Ünïcode")]
    public void Every_id_comes_back_as_it_went_in(string id)
    {
        var keys = new SubjectKeys();
        var key = keys.KeyOf(id);
        Assert.Equal(id, keys.NameOf(key));
        Assert.True(keys.TryFind(id, out var found));
        Assert.Equal(key, found);
    }

    [Fact]
    public void Different_ids_get_different_keys_and_numeric_ids_intern_nothing()
    {
        var keys = new SubjectKeys();
        string[] ids = ["12", "012", "0012", "alice", "bob", "31234567890123", "31234567890124"];
        Assert.Equal(ids.Length, ids.Select(keys.KeyOf).Distinct().Count());
        Assert.Equal(["alice", "bob"], keys.InternedNames());
        Assert.False(keys.TryFind("carol", out _));
    }
}
