using System.Buffers;
using System.Buffers.Binary;
using System.Threading.RateLimiting;
using EGov.Biometrics.Service.Access;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// Caps how many large gRPC request messages (an image upload, up to 16 MiB) are read at once, in all and per
/// connection, so authenticated callers together cannot hold more than a bounded amount of request memory; the
/// endpoints open to anyone (health checks) read no large message at all. It runs after authorization (a
/// stranger's call to a protected method never gets here) and peeks at the 5-byte gRPC message prefix, which
/// carries the message length, before gRPC reads the message; small calls (templates) pass untouched.
/// Calls beyond the cap are refused at once with ResourceExhausted (clients retry): a queued call would hold its
/// unread data inside the connection's HTTP/2 flow-control window and could stall the very call it waits for.
/// </summary>
internal sealed class LargeRequestGate(RequestDelegate next, LargeRequestLimits limits) : IDisposable
{
    private const int PrefixBytes = 5;

    private readonly PartitionedRateLimiter<HttpContext> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("all", _ => Concurrency(limits.Global))),
        PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetConcurrencyLimiter(context.Connection.Id, _ => Concurrency(limits.PerConnection))));

    public async Task InvokeAsync(HttpContext context)
    {
        // Unary and server-streaming calls read their one request message whole before the service runs.
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.Type is not (MethodType.Unary or MethodType.ServerStreaming)
            || await MessageLengthAsync(context) < limits.LargeBytes)
        {
            await next(context);
            return;
        }

        if (CredentialPrincipal.CredentialOf(context.User) is null)
        {
            await GrpcStatusResponse.WriteAsync(context, StatusCode.ResourceExhausted,
                $"A request over {limits.LargeBytes / 1024} KiB needs a credential (an API key in the '{ApiKeyAuthenticationHandler.Header}' header or a registered client certificate).");
            return;
        }

        using var lease = _limiter.AttemptAcquire(context);
        if (!lease.IsAcquired)
        {
            await GrpcStatusResponse.WriteAsync(context, StatusCode.ResourceExhausted,
                $"Too many large requests at once (at most {limits.Global} in all and {limits.PerConnection} per connection are read at a time); retry shortly.");
            return;
        }

        await next(context);
    }

    public void Dispose() => _limiter.Dispose();

    // The gRPC length prefix, read without consuming it: the framework reads the same bytes again.
    private static async Task<long> MessageLengthAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        var read = await reader.ReadAtLeastAsync(PrefixBytes, context.RequestAborted);
        var length = LengthOf(read.Buffer);
        reader.AdvanceTo(read.Buffer.Start);
        return length;
    }

    // Byte 0 is the compression flag, bytes 1-4 the message length (big-endian); a body cut short is not large.
    private static long LengthOf(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < PrefixBytes)
        {
            return 0;
        }

        Span<byte> prefix = stackalloc byte[PrefixBytes];
        buffer.Slice(0, PrefixBytes).CopyTo(prefix);
        return BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
    }

    private static ConcurrencyLimiterOptions Concurrency(int permits) => new() { PermitLimit = permits, QueueLimit = 0 };
}
