using EGov.Biometrics.Benchmarks.Cluster;
using Grpc.Core;

namespace EGov.Biometrics.Cluster.Tests.Processes;

/// <summary>How "fully back" is read from the load's outcomes (the recovery the SIGKILL test and the benchmark report).</summary>
public sealed class RecoveryTests
{
    [Fact]
    public void Back_at_the_first_complete_call_after_the_last_failed_one_ended()
    {
        CallOutcome[] outcomes =
        [
            Identify(9.0, 9.1),
            Identify(10.2, 10.3, StatusCode.Unavailable),
            Identify(10.4, 12.5, StatusCode.Unavailable), // hung for two seconds, then failed
            Identify(11.0, 11.1),                         // succeeded while the hung call still waited: not yet back
            Identify(12.6, 12.7),
        ];

        Assert.Equal(2.6, Recovery.Seconds(outcomes, faultAt: 10.0)!.Value, 6);
    }

    [Fact]
    public void An_identify_that_not_every_shard_answered_is_not_back()
    {
        CallOutcome[] outcomes = [Identify(10.1, 10.2, answered: 11), Identify(10.5, 10.6)];

        Assert.Equal(0.5, Recovery.Seconds(outcomes, faultAt: 10.0)!.Value, 6);
        Assert.False(Recovery.Complete(outcomes[0]));
    }

    [Fact]
    public void Nothing_failing_after_the_fault_is_back_at_the_first_call_and_nothing_succeeding_is_not_back()
    {
        Assert.Equal(0.05, Recovery.Seconds([Identify(10.05, 10.1)], faultAt: 10.0)!.Value, 6);
        Assert.Null(Recovery.Seconds([Identify(9.0, 9.1), Identify(10.1, 10.2, StatusCode.Unavailable)], faultAt: 10.0));
    }

    private static CallOutcome Identify(double at, double end, StatusCode status = StatusCode.OK, int answered = 12) =>
        new(at, end, "identify", 0, status, status == StatusCode.OK ? string.Empty : "k of n shards answered", answered, 12, FoundProbed: true);
}
