using System.Buffers;
using System.Buffers.Binary;
using System.Threading.RateLimiting;
using EGov.Biometrics.Server.Rest;
using EGov.Biometrics.Service.Access;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// Caps how many large gRPC request messages (an image upload, up to 16 MiB) are read at once, in all and per
/// connection, so authenticated callers together cannot hold more than a bounded amount of request memory; the
/// endpoints open to anyone (health checks) read no large message at all. It runs after authorization (a
/// stranger's call to a protected method never gets here) and peeks at the 5-byte gRPC message prefix, which
/// carries the message length, before gRPC reads the message; small calls (templates) pass untouched.
/// Calls beyond the cap are refused at once with ResourceExhausted (clients retry): a queued call would hold its
/// unread data inside the connection's HTTP/2 flow-control window and could stall the very call it waits for.
/// One credential holds at most <see cref="LargeRequestLimits.PerCredential"/> of them: a body may arrive as slowly as
/// Kestrel's minimum rate (240 bytes/s), so 16 chunked REST bodies trickled at 300 bytes/s from one operator key held
/// every permit for as long as the trickle lasted, and every other caller's large upload was refused.
/// A REST route's JSON body is judged by its Content-Length (one of unknown length counts as large), and one over
/// Kestrel's body limit is refused 413 from that header alone; its refusals are problem details (429, 413).
/// </summary>
internal sealed class LargeRequestGate(RequestDelegate next, LargeRequestLimits limits) : IDisposable
{
    private const int PrefixBytes = 5;

    private readonly PartitionedRateLimiter<HttpContext> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("all", _ => Concurrency(limits.Global))),
        PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetConcurrencyLimiter(context.Connection.Id, _ => Concurrency(limits.PerConnection))),
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetConcurrencyLimiter(CredentialPrincipal.CredentialOf(context.User)?.Id ?? string.Empty, _ => Concurrency(limits.PerCredential))));

    public async Task InvokeAsync(HttpContext context)
    {
        if (RestEndpoint.Is(context) && context.Request.ContentLength is { } length
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit && length > limit)
        {
            await ProblemResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                $"The request body is {length} bytes; at most {limit} bytes are read ({limit / 1024 / 1024} MiB of JSON: an image of up to about {limit * 3 / 4 / 1024 / 1024} MiB in base64).",
                StatusCode.ResourceExhausted);
            return;
        }

        if (!await IsLargeAsync(context))
        {
            await next(context);
            return;
        }

        if (CredentialPrincipal.CredentialOf(context.User) is null)
        {
            await ApiRefusal.WriteAsync(context, StatusCode.ResourceExhausted,
                $"A request over {limits.LargeBytes / 1024} KiB needs a credential (an API key in the '{ApiKeyAuthenticationHandler.Header}' header or a registered client certificate).");
            return;
        }

        using var lease = _limiter.AttemptAcquire(context);
        if (!lease.IsAcquired)
        {
            await ApiRefusal.WriteAsync(context, StatusCode.ResourceExhausted,
                $"Too many large requests at once (at most {limits.Global} in all, {limits.PerConnection} per connection and {limits.PerCredential} per credential are read at a time); retry shortly.");
            return;
        }

        await next(context);
    }

    public void Dispose() => _limiter.Dispose();

    private async Task<bool> IsLargeAsync(HttpContext context)
    {
        if (RestEndpoint.Is(context))
        {
            // A body of unknown length (chunked) may be as long as Kestrel's limit.
            return context.Request.ContentLength is { } length
                ? length >= limits.LargeBytes
                : context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;
        }

        // Unary and server-streaming gRPC calls read their one request message whole before the service runs.
        return context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.Type is MethodType.Unary or MethodType.ServerStreaming
            && await MessageLengthAsync(context) >= limits.LargeBytes;
    }

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
