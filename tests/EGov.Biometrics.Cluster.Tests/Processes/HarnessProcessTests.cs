using EGov.Biometrics.Benchmarks;
using EGov.Biometrics.Benchmarks.Cluster;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Postgres.TestSupport;
using Grpc.Core;

namespace EGov.Biometrics.Cluster.Tests.Processes;

/// <summary>
/// The harness itself: PostgreSQL started by the project's script answers on its port and is stopped and deleted
/// when the test is done, even when the test failed; a server killed with SIGKILL is gone, and starts again over
/// its data with what it had acknowledged.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class HarnessProcessTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void PostgreSQL_from_the_script_is_stopped_and_deleted_even_when_the_test_fails()
    {
        PostgresServer? kept = null;
        string? folder = null;
        string? files = null;
        void FailingTest()
        {
            using var postgres = PostgresServer.StartNew();
            kept = postgres;
            folder = Path.GetDirectoryName(postgres.DataDirectory);
            files = new FileInfo(postgres.DataDirectory).LinkTarget ?? postgres.DataDirectory;
            Assert.True(Loopback.Answers(postgres.Port), "PostgreSQL does not answer on its port.");
            Assert.Equal($"Host=127.0.0.1;Port={postgres.Port};Username=egov;Database=egov", postgres.ConnectionString);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(postgres.PasswordFile));
            throw new InvalidOperationException("the test failed here");
        }

        var failure = Assert.Throws<InvalidOperationException>(FailingTest);

        Assert.Equal("the test failed here", failure.Message);
        Assert.NotNull(kept);
        Assert.False(Loopback.Answers(kept.Port), "PostgreSQL still answers after the test.");
        Assert.False(Directory.Exists(folder), $"{folder} is left behind.");
        Assert.False(Directory.Exists(files), $"{files} is left behind.");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_server_killed_with_SIGKILL_is_gone_and_restarts_with_what_it_acknowledged()
    {
        var folder = Directory.CreateTempSubdirectory("egov-harness-");
        try
        {
            using var server = new NodeProcess("server", folder.FullName, []);
            await server.StartAsync(LocalCluster.StartTimeout);
            var caller = LocalCluster.Caller(LocalCluster.AdminKeyOf(server));
            using (var channel = server.OpenChannel())
            {
                await SyntheticSubjects.EnrolAsync(new Enrollment.EnrollmentClient(channel), caller, 0, 5);
            }

            server.Kill();
            Assert.False(server.Running);
            Assert.False(Loopback.Answers(server.Port), "The killed server's port still answers.");

            await server.StartAsync(LocalCluster.StartTimeout);
            using var again = server.OpenChannel();
            var verification = new Verification.VerificationClient(again);
            for (var subject = 0; subject < 5; subject++)
            {
                Assert.True((await verification.VerifyAsync(SyntheticSubjects.Verification(subject, 1), caller)).Match, $"subject {subject} does not verify after the restart");
            }

            var stranger = await verification.VerifyAsync(SyntheticSubjects.Verification(6, 1), caller);
            Assert.False(stranger.Enrolled);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
