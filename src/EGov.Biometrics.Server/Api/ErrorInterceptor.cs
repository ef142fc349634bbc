using EGov.Biometrics.Service.Failures;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EGov.Biometrics.Server.Api;

/// <summary>Turns domain failures into gRPC statuses whose message names the problem; unexpected ones are logged, not leaked.</summary>
internal sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    private static readonly Dictionary<FailureKind, StatusCode> Codes = new()
    {
        [FailureKind.InvalidArgument] = StatusCode.InvalidArgument,
        [FailureKind.Unauthenticated] = StatusCode.Unauthenticated,
        [FailureKind.NotFound] = StatusCode.NotFound,
        [FailureKind.AlreadyExists] = StatusCode.AlreadyExists,
        [FailureKind.PermissionDenied] = StatusCode.PermissionDenied,
        [FailureKind.FailedPrecondition] = StatusCode.FailedPrecondition,
        [FailureKind.DeadlineExceeded] = StatusCode.DeadlineExceeded,
        [FailureKind.Cancelled] = StatusCode.Cancelled,
        [FailureKind.DataLoss] = StatusCode.DataLoss,
        [FailureKind.ResourceExhausted] = StatusCode.ResourceExhausted,
        [FailureKind.Unavailable] = StatusCode.Unavailable,
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    /// <summary>The gRPC status of a domain failure, with the message that names the problem.</summary>
    private static Status? Map(Exception e) => Failure.Of(e) is { } failure ? new Status(Codes[failure.Kind], failure.Message) : null;

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        if (Map(e) is { } status)
        {
            return new RpcException(status);
        }

        logger.LogError(e, "{Method} failed", context.Method);
        return new RpcException(new Status(StatusCode.Internal, "The server failed to handle the request; it has been logged."));
    }
}
