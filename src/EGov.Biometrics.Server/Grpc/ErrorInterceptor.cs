using System.Security.Cryptography;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service;
using EGov.Biometrics.Vision.Imaging;
using global::Grpc.Core;
using global::Grpc.Core.Interceptors;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>Turns domain failures into gRPC statuses whose message names the problem; unexpected ones are logged, not leaked.</summary>
internal sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
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

    /// <summary>The status a failure maps to, with a message that names the problem; for a capture refused inside a stream too.</summary>
    internal static Status? Map(Exception e) => e switch
    {
        InvalidImageException or ArgumentException => new Status(StatusCode.InvalidArgument, Short(e.Message)),
        SubjectExistsException or DuplicateSubjectException => new Status(StatusCode.AlreadyExists, Short(e.Message)),
        KeyNotFoundException => new Status(StatusCode.NotFound, Short(e.Message)),
        CryptographicException => new Status(StatusCode.DataLoss, "A stored template failed authentication."),
        Desks.DeskUnavailableException => new Status(StatusCode.FailedPrecondition, Short(e.Message)),
        TimeoutException => new Status(StatusCode.DeadlineExceeded, Short(e.Message)),
        OperationCanceledException => new Status(StatusCode.Cancelled, "The call was cancelled or its deadline passed."),
        _ => null,
    };

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        if (Map(e) is { } status)
        {
            return new RpcException(status);
        }

        logger.LogError(e, "{Method} failed", context.Method);
        return new RpcException(new Status(StatusCode.Internal, "The server failed to handle the request; it has been logged."));
    }

    private static string Short(string message) => message.Length <= 400 ? message : message[..400] + "…";
}
