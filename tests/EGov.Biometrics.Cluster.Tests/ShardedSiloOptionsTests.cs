using EGov.Biometrics.Cluster.Hosting;
using EGov.Biometrics.Cluster.Membership;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>What a silo is started with: the membership connection without a password on the command line, and the SQL it installs.</summary>
public sealed class ShardedSiloOptionsTests
{
    [Fact]
    public void A_silo_needs_the_postgres_registry_and_its_password_comes_apart_from_the_connection_string()
    {
        var refused = Assert.Throws<ArgumentException>(() => ClusterMembership.Connection("Host=127.0.0.1;Port=5432;Username=egov;Database=egov;Password=secret", null));
        Assert.Contains("--postgres-password-file", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refused.Message, StringComparison.Ordinal);

        Assert.Contains("password=from-env", ClusterMembership.Connection("Host=127.0.0.1;Username=egov;Database=egov", "from-env"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--cluster needs --postgres", Assert.Throws<ArgumentException>(() => ClusterMembership.Connection(null, "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_membership_sql_defines_every_query_the_clustering_provider_looks_up()
    {
        var script = PostgreSqlMembership.Script();
        string[] keys =
        [
            "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "MembershipReadRowKey",
            "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        ];
        Assert.All(keys, key => Assert.Contains($"('{key}',", script, StringComparison.Ordinal));
        // Applied at every silo start: nothing in it may fail the second time.
        Assert.DoesNotContain("CREATE TABLE OrleansQuery", script, StringComparison.Ordinal);
        Assert.Contains("ON CONFLICT (QueryKey) DO UPDATE", script, StringComparison.Ordinal);
    }
}
