using EGov.Biometrics.Benchmarks.Cluster;
using EGov.Biometrics.Contracts.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace EGov.Biometrics.Cluster.Tests.Processes;

/// <summary>
/// Three silos on loopback; PostgreSQL is stopped for a few seconds (the project's script) and started again while
/// clients enrol and identify through every front end. Writes during the outage fail cleanly (Unavailable, with a
/// message naming the registry), enrolments resume after it, every acknowledged one verifies, and the audit chain
/// verifies afterwards.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class PostgresRestartProcessTests(ITestOutputHelper output)
{
    private const int Seeded = 60;
    private const int Shards = 6;

    [Fact(Timeout = 600_000)]
    public async Task PostgreSQL_restarted_under_load_fails_writes_cleanly_then_resumes_losing_nothing_acknowledged()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 3, shards: Shards);
        var caller = LocalCluster.Caller(cluster.AdminKey);
        var frontEnds = cluster.Silos.Select(s => s.OpenChannel()).ToArray();
        try
        {
            await SyntheticSubjects.EnrolAsync(new Enrollment.EnrollmentClient(frontEnds[0]), caller, 0, Seeded);
            var load = new ClusterLoad(firstNew: Seeded);
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(frontEnds, caller, Seeded, clients: 3, stop.Token);

            await Task.Delay(TimeSpan.FromSeconds(3));
            var stoppedAt = load.Now;
            await Task.Run(cluster.Postgres.Stop);
            await Task.Delay(TimeSpan.FromSeconds(5));
            await Task.Run(cluster.Postgres.Start);
            var startedAt = load.Now;
            output.WriteLine($"PostgreSQL stopped at {stoppedAt:F2} s, running again at {startedAt:F2} s");

            while (!load.Stable(startedAt, 5) && load.Now - startedAt < 90)
            {
                await Task.Delay(500);
            }

            await stop.CancelAsync();
            await running;
            var outcomes = load.Outcomes;
            output.WriteLine($"back {Recovery.Seconds(outcomes, startedAt):F2} s after the start; {outcomes.Count} calls, {load.Acknowledged.Count} enrolments acknowledged");
            foreach (var failed in outcomes.Where(o => !o.Succeeded).Take(20))
            {
                output.WriteLine(failed.ToString());
            }

            var failedWrites = outcomes.Where(o => o.Call == "enrol" && !o.Succeeded).ToList();
            Assert.NotEmpty(failedWrites);
            Assert.All(failedWrites, o =>
            {
                Assert.True(o.Status == StatusCode.Unavailable, o.ToString());
                Assert.False(string.IsNullOrWhiteSpace(o.Detail), o.ToString());
                Assert.DoesNotContain(" at ", o.Detail, StringComparison.Ordinal); // a message, not a stack trace
            });
            Assert.Contains(outcomes, o => o.Call == "enrol" && o.Succeeded && o.At > startedAt);
            Assert.Empty(outcomes.Where(o => o.Call == "identify" && o.Succeeded && (o.ShardsAnswered != o.ShardsTotal || !o.FoundProbed)).Select(o => o.ToString()));

            Assert.Empty(await load.LostAsync(cluster.Silos, caller));

            // The audit chain verifies afterwards, as an operator checks it: egov-bio against the registry and a silo's anchor.
            using var printed = new StringWriter();
            using var errors = new StringWriter();
            var exit = EGov.Biometrics.Cli.CliApp.Run(
                ["audit", "verify", "--data-dir", cluster.Silos[0].DataDirectory, "--key-ring", cluster.KeyRing,
                 "--postgres", cluster.Postgres.ConnectionString, "--postgres-password-file", cluster.Postgres.PasswordFile],
                printed, errors);
            output.WriteLine(printed.ToString());
            Assert.True(exit == 0, $"egov-bio audit verify exited {exit}: {printed}{errors}");
            Assert.StartsWith("audit chain intact", printed.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var channel in frontEnds)
            {
                channel.Dispose();
            }
        }

    }
}
