using EGov.Biometrics.Benchmarks;
using EGov.Biometrics.Benchmarks.Cluster;
using EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Cluster.Tests.Processes;

/// <summary>
/// Three silos on loopback over a real PostgreSQL, the gallery in six shards, against a single node on its own
/// SQLite registry holding the same 200 subjects: identify through each silo's front end returns the same
/// candidates in the same order with the same scores as the single node, every shard answering.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class IdentifyEqualsSingleNodeProcessTests
{
    private const int Subjects = 200;
    private const int Shards = 6;

    [Fact(Timeout = 600_000)]
    public async Task Identify_through_every_silo_equals_the_single_node_on_the_same_data()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 3, shards: Shards);
        var single = await cluster.StartSingleNodeAsync();
        var clusterCaller = LocalCluster.Caller(cluster.AdminKey);
        var singleCaller = LocalCluster.Caller(LocalCluster.AdminKeyOf(single));

        var silos = cluster.Silos.Select(s => s.OpenChannel()).ToArray();
        using var singleChannel = single.OpenChannel();
        try
        {
            // The cluster's enrolments come through all three front ends, a third each.
            await Task.WhenAll(silos.Select((channel, i) =>
                SyntheticSubjects.EnrolAsync(new Enrollment.EnrollmentClient(channel), clusterCaller, i * Subjects / 3, (i + 1) * Subjects / 3)));
            await SyntheticSubjects.EnrolAsync(new Enrollment.EnrollmentClient(singleChannel), singleCaller, 0, Subjects);

            var reference = new Verification.VerificationClient(singleChannel);
            var compared = 0;
            for (var subject = 0; subject < Subjects; subject += 5)
            {
                var request = SyntheticSubjects.Identification(subject, draw: 1, k: 10);
                var expected = await reference.IdentifyAsync(request, singleCaller);
                Assert.Equal((1, 1), (expected.ShardsAnswered, expected.ShardsTotal));
                Assert.Equal(SyntheticSubjects.Pinfl(subject), expected.Candidates[0].Pinfl);
                for (var s = 0; s < silos.Length; s++)
                {
                    var actual = await new Verification.VerificationClient(silos[s]).IdentifyAsync(request, clusterCaller);
                    Assert.True(actual.ShardsAnswered == Shards && actual.ShardsTotal == Shards, $"silo {s + 1}: {actual.ShardsAnswered} of {actual.ShardsTotal} shards answered");
                    Assert.Equal(expected.Candidates.Select(c => c.Pinfl), actual.Candidates.Select(c => c.Pinfl));
                    foreach (var (want, got) in expected.Candidates.Zip(actual.Candidates))
                    {
                        Assert.Equal(want.Similarity, got.Similarity, 1e-5f);
                    }

                    Assert.Equal(expected.OperatingPoint.Threshold, actual.OperatingPoint.Threshold);
                    compared++;
                }
            }

            Assert.Equal(3 * Subjects / 5, compared);
        }
        finally
        {
            foreach (var channel in silos)
            {
                channel.Dispose();
            }
        }
    }
}
