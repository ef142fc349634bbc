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
        catch (RpcException)
        {
            throw;
        }
        catch (Exception e) when (Map(e) is { } status)
        {
            throw new RpcException(status);
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} failed", context.Method);
            throw new RpcException(new Status(StatusCode.Internal, "The server failed to handle the request; it has been logged."));
        }
    }

    private static Status? Map(Exception e) => e switch
    {
        InvalidImageException or ArgumentException => new Status(StatusCode.InvalidArgument, Short(e.Message)),
        SubjectExistsException or DuplicateSubjectException => new Status(StatusCode.AlreadyExists, Short(e.Message)),
        KeyNotFoundException => new Status(StatusCode.NotFound, Short(e.Message)),
        CryptographicException => new Status(StatusCode.DataLoss, "A stored template failed authentication."),
        OperationCanceledException => new Status(StatusCode.Cancelled, "The call was cancelled or its deadline passed."),
        _ => null,
    };

    private static string Short(string message) => message.Length <= 400 ? message : message[..400] + "…";
}
