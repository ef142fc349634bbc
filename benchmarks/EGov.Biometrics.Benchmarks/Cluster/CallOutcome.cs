using Grpc.Core;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// One call of the load: when it started (seconds into the run), which front end, whether it succeeded, and
/// otherwise its status and message; for identify, how many shards answered and whether the probed subject came first.
/// </summary>
public sealed record CallOutcome(double At, double End, string Call, int FrontEnd, StatusCode Status, string Detail, int ShardsAnswered = 0, int ShardsTotal = 0, bool FoundProbed = false)
{
    public bool Succeeded => Status == StatusCode.OK;

    public override string ToString() =>
        $"{At:F2}-{End:F2} s {Call} via front end {FrontEnd + 1}: {Status}{(Succeeded ? $" ({ShardsAnswered} of {ShardsTotal} shards{(Call == "identify" && !FoundProbed ? ", probed subject missing" : string.Empty)})" : $" \"{Detail}\"")}";
}
