using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Service;
using global::Grpc.Core;
using global::Grpc.Core.Interceptors;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>
/// Authenticates every call by its API key (header <c>x-api-key</c>) or, without one, by a registered client
/// certificate presented in the TLS handshake; checks the role against the RPC, and hands the services a
/// <see cref="Caller"/>. No credentials: Unauthenticated; the wrong role: PermissionDenied; too many calls
/// from one key: ResourceExhausted. A stream is checked once, when it opens.
/// </summary>
internal sealed class CallerInterceptor(ApiKeyStore keys, ClientCertificateStore certificates, CallerRateLimiter limiter) : Interceptor
{
    public const string ApiKeyHeader = "x-api-key";
    public const string DeskHeader = "x-desk-id";
    private const string CallerItem = "egov-caller";

    public static Caller CallerOf(ServerCallContext context) => (Caller)context.UserState[CallerItem];

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    /// <summary>Whether the credential that opened a long-lived stream is still valid (not revoked since).</summary>
    public bool StillValid(ServerCallContext context) => Identify(context) is not null;

    private void Authorize(ServerCallContext context)
    {
        if (RolePolicy.IsPublic(context.Method))
        {
            return;
        }

        var identity = Identify(context)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, $"A valid API key in the '{ApiKeyHeader}' header or a registered client certificate is required."));
        if (!RolePolicy.Admits(context.Method, identity.Role))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The {identity.Role} role may not call {context.Method}."));
        }

        if (!limiter.TryAcquire(identity.KeyId))
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Rate limit: at most {limiter.PerSecond} requests per second per API key; retry shortly."));
        }

        // A key bound to a desk acts as that desk only: a device key copied to another desk opens nothing there.
        var desk = context.RequestHeaders.GetValue(DeskHeader) ?? string.Empty;
        if (identity.Desk.Length > 0)
        {
            desk = desk.Length == 0 || desk == identity.Desk
                ? identity.Desk
                : throw new RpcException(new Status(StatusCode.PermissionDenied, $"This credential belongs to desk '{identity.Desk}', not '{(desk.Length <= 64 ? desk : desk[..64])}'."));
        }

        context.UserState[CallerItem] = new Caller($"key:{identity.KeyId}", identity.Role, desk.Length <= 64 ? desk : desk[..64], identity.Desk.Length > 0);
    }

    // The API key when one is sent, else the client certificate from the TLS handshake.
    private ApiKeyIdentity? Identify(ServerCallContext context) =>
        context.RequestHeaders.GetValue(ApiKeyHeader) is { } key
            ? keys.Authenticate(key)
            : certificates.Authenticate(context.GetHttpContext().Connection.ClientCertificate);
}
