using System.Collections.Concurrent;
using System.Data.Common;
using EGov.Biometrics.Postgres.TestSupport;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Registry.Tests;

/// <summary>
/// PostgreSQL restarted (stopped and started by scripts/postgres.sh) while a node enrols: the writes meanwhile fail
/// with an exception that names the problem, the writes after it succeed on fresh connections, and every enrolment
/// that was acknowledged is there afterwards, with an audit chain that verifies.
/// </summary>
public sealed class PostgresRestartTests
{
    private const string Model = "faceplugin-arcface-r512";

    [Fact(Timeout = 180_000)]
    public async Task A_restart_fails_writes_cleanly_then_they_resume_and_nothing_acknowledged_is_lost()
    {
        // A server of its own: the shared one serves other tests meanwhile.
        using var server = PostgresServer.StartNew();
        using var temp = new TemporaryRegistry(Store.Postgres, server: server);
        var acknowledged = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<Exception>();
        var restarted = false;
        var afterRestart = 0;

        var writer = Task.Run(async () =>
        {
            for (var i = 0; Volatile.Read(ref afterRestart) < 5; i++)
            {
                var pinfl = $"9{i:D13}";
                try
                {
                    await temp.Registry.EnrollAsync(pinfl, [new NewTemplate(TemporaryRegistry.UnitVector(i), Model)], TemporaryRegistry.Audit());
                    acknowledged.Enqueue(pinfl);
                    if (Volatile.Read(ref restarted))
                    {
                        Interlocked.Increment(ref afterRestart);
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                    await Task.Delay(100);
                }
            }
        });

        while (acknowledged.Count < 10)
        {
            await Task.Delay(20);
        }

        server.Restart();
        Volatile.Write(ref restarted, true);
        await writer;

        // Writes failed while it was down, each with the database's own error naming the cause; none hung.
        Assert.All(failures, e => Assert.IsAssignableFrom<DbException>(e));
        Assert.All(failures, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));

        // Everything acknowledged, before and after, is there (read by a registry opened afresh), and the chain verifies.
        var reopened = temp.Open(temp.Keys);
        Assert.All(acknowledged, pinfl => Assert.NotNull(reopened.Get(pinfl)));
        Assert.True(acknowledged.Count >= 15);
        var audit = reopened.VerifyAudit();
        Assert.True(audit.Intact, audit.Reason);
        Assert.True(audit.Entries >= acknowledged.Count);
    }
}
