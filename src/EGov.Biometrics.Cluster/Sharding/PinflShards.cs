using System.IO.Hashing;
using System.Text;

namespace EGov.Biometrics.Cluster.Sharding;

/// <summary>
/// Which shard owns a subject: XxHash64 of the PINFL's digits modulo the shard count. Stable across processes, machines
/// and .NET versions (string.GetHashCode is randomised per process), so a verification and an enrolment go to exactly the
/// shard that holds the subject, whichever silo takes the call.
/// </summary>
public static class PinflShards
{
    /// <summary>The most shards a gallery may be split into (each is a grain holding its part in memory).</summary>
    public const int MaxShards = 4096;

    public static int ShardOf(string pinfl, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        Span<byte> digits = stackalloc byte[Encoding.ASCII.GetMaxByteCount(pinfl.Length)];
        var length = Encoding.ASCII.GetBytes(pinfl, digits);
        return (int)(XxHash64.HashToUInt64(digits[..length]) % (ulong)shards);
    }
}
