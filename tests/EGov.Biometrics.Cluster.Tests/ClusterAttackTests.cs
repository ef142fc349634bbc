using EGov.Biometrics.Cluster.Hosting;
using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Service.Galleries;
using Npgsql;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>
/// What an attacker or an unlucky operator does to the cluster's PostgreSQL side: a silo that hangs (SIGSTOP) while it
/// holds the cluster's write lock, a writer that waits behind it, a password that smuggles connection-string keys, a
/// password under another name in the connection string.
/// </summary>
public sealed class ClusterAttackTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_hung_holder_of_the_write_lock_is_ended_by_PostgreSQL_so_the_other_silos_write_again()
    {
        var postgres = PostgresServer.Instance;
        var database = postgres.CreateDatabase();
        var connection = ClusterMembership.Connection(database, postgres.Password);

        // Acquired and never released, its connection open: what a SIGSTOPped silo in the middle of an enrolment leaves.
        var hung = await new PostgresWriteLock(connection, holdLimit: TimeSpan.FromSeconds(2)).AcquireAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var next = await new PostgresWriteLock(connection).AcquireAsync().WaitAsync(TimeSpan.FromSeconds(30));
        clock.Stop();

        await next.DisposeAsync();
        await hung.DisposeAsync(); // its session is gone already: letting go must not throw
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)); // under the 25 s wait limit: PostgreSQL ended it
        postgres.DropDatabase(database);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_writer_behind_a_held_lock_is_told_the_lock_is_held_and_its_connection_does_not_stay_waiting()
    {
        var postgres = PostgresServer.Instance;
        var database = postgres.CreateDatabase();
        var connection = ClusterMembership.Connection(database, postgres.Password);
        var held = await new PostgresWriteLock(connection).AcquireAsync();

        var refused = await Assert.ThrowsAsync<GalleryUnavailableException>(() => new PostgresWriteLock(connection, waitLimit: TimeSpan.FromSeconds(2)).AcquireAsync());
        var waiting = await WaitingOnTheLockAsync(postgres.WithPassword(database));

        await held.DisposeAsync();
        Assert.Contains("held by another writer", refused.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was written", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, waiting);
        postgres.DropDatabase(database);
    }

    [Fact]
    public void A_password_holding_connection_string_keys_stays_the_password()
    {
        var connection = ClusterMembership.Connection("Host=127.0.0.1;Port=5432;Username=egov;Database=egov", "x;Host=attacker.example;Port=1;Include Error Detail=true");

        var parsed = new NpgsqlConnectionStringBuilder(connection);
        Assert.Equal("127.0.0.1", parsed.Host);
        Assert.Equal(5432, parsed.Port);
        Assert.False(parsed.IncludeErrorDetail);
        Assert.Equal("x;Host=attacker.example;Port=1;Include Error Detail=true", parsed.Password);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Username=egov;PWD=secret")]
    [InlineData("Host=127.0.0.1;Username=egov;psw=secret")]
    [InlineData("Host=127.0.0.1;Username=egov;Passfile=/home/egov/.pgpass")]
    public void A_password_under_another_name_in_the_connection_string_is_refused(string postgres)
    {
        var refused = Assert.Throws<ArgumentException>(() => ClusterMembership.Connection(postgres, "from-the-file"));

        Assert.Contains("must not hold the password", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<long> WaitingOnTheLockAsync(string connection)
    {
        await using var database = new NpgsqlConnection(connection);
        await database.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", database);
        return (long)(await query.ExecuteScalarAsync())!;
    }
}
