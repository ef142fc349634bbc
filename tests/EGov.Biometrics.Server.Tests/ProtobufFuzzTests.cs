using CsCheck;
using EGov.Biometrics.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>A server whose per-key rate limit stays out of the way of a fuzzing run.</summary>
public sealed class UnthrottledServer : RunningServer
{
    protected override int RequestsPerSecondPerKey => 100_000;
}

/// <summary>
/// Property-based fuzzing of the protobuf entry points (issue 12, "keep the attack suite"): random and mutated
/// request bodies sent to every unary RPC, with and without a key, get a clear status — never Internal or Unknown,
/// and the server stays up. A few hundred calls per property in the suite; EGOV_FUZZ_SECONDS=N runs each for N seconds.
/// </summary>
public sealed class ProtobufFuzzTests(UnthrottledServer server) : IClassFixture<UnthrottledServer>
{
    private static readonly StatusCode[] Unclear = [StatusCode.Internal, StatusCode.Unknown, StatusCode.DataLoss, StatusCode.Unavailable];

    // Valid requests of several RPCs: mutations of these reach the parsers and the use cases past the first byte.
    private static readonly byte[][] Seeds =
    [
        new VerifyRequest { Pinfl = "30000000000004", Fmr = 1e-4, Probe = new Probe { Template = new Template { ModelId = "faceplugin-arcface-r512", Vector = { TestVectors.Unit(1) } } } }.ToByteArray(),
        new VerifyRequest { Pinfl = "30000000000004", Probe = new Probe { Image = ByteString.CopyFrom(TinyPng()) } }.ToByteArray(),
        new IdentifyRequest { K = 5, Probe = new Probe { Aligned = new AlignedFace { ModelId = "faceplugin-arcface-r512", Image = ByteString.CopyFrom(TinyPng()) } } }.ToByteArray(),
        new EnrollRequest { Pinfl = "30000000000004", Probes = { new Probe { Image = ByteString.CopyFrom(TinyPng()) } } }.ToByteArray(),
        new ListSubjectsRequest { PageSize = 10 }.ToByteArray(),
        new GetSubjectRequest { Pinfl = "30000000000004" }.ToByteArray(),
    ];

    private static readonly Gen<byte[]> Bodies = Gen.OneOf(
        Gen.Byte.Array[0, 2048],
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 4096], Gen.Byte).Array[1, 8], Gen.Double[0.3, 1.0])
            .Select(t => Mutate(Seeds[t.Item1], t.Item2, t.Item3)));

    private static readonly Gen<(string Method, byte[] Body)> Calls = Gen.Select(Gen.Int[0, RawCalls.UnaryMethods.Count - 1].Select(i => RawCalls.UnaryMethods[i]), Bodies);

    [Fact]
    public async Task Malformed_bodies_with_a_key_get_a_clear_status_on_every_rpc()
    {
        var invoker = server.Channel.CreateCallInvoker();
        await Calls.SampleAsync(
            async call =>
            {
                var (status, detail) = await RawCalls.SendAsync(invoker, call.Method, call.Body, server.As("admin"));
                Assert.False(Unclear.Contains(status), $"{call.Method}: {status} {detail}");
            },
            iter: FuzzBudget.Iterations(400), time: FuzzBudget.Seconds, threads: 2);
        await new global::Grpc.Health.V1.Health.HealthClient(server.Channel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest());
    }

    [Fact]
    public async Task Malformed_bodies_without_a_key_are_refused_before_they_are_parsed()
    {
        var invoker = server.Channel.CreateCallInvoker();
        await Calls.SampleAsync(
            async call =>
            {
                var (status, detail) = await RawCalls.SendAsync(invoker, call.Method, call.Body, []);
                Assert.True(status is StatusCode.Unauthenticated or StatusCode.ResourceExhausted, $"{call.Method}: {status} {detail}");
            },
            iter: FuzzBudget.Iterations(200), time: FuzzBudget.Seconds, threads: 2);
    }

    private static byte[] Mutate(byte[] seed, (int Position, byte Value)[] edits, double keep)
    {
        var data = seed.ToArray();
        foreach (var (position, value) in edits)
        {
            data[position % data.Length] = value;
        }

        return data[..(int)(data.Length * keep)];
    }

    private static byte[] TinyPng()
    {
        using var image = new OpenCvSharp.Mat(48, 48, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(90));
        return image.ImEncode(".png");
    }
}

/// <summary>How long a fuzzing property runs: a fixed number of inputs in the suite, or EGOV_FUZZ_SECONDS seconds each.</summary>
internal static class FuzzBudget
{
    public static int Seconds { get; } = int.TryParse(Environment.GetEnvironmentVariable("EGOV_FUZZ_SECONDS"), out var s) && s > 0 ? s : -1;

    public static long Iterations(long inSuite) => Seconds > 0 ? -1 : inSuite;
}
