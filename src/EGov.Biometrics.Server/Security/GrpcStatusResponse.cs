using Grpc.Core;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// Answers a gRPC call from middleware (before any service runs) with a status and a message, as a
/// trailers-only response: clients see that status and message, not an HTTP error code.
/// </summary>
internal static class GrpcStatusResponse
{
    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    public static Task WriteAsync(HttpContext context, StatusCode status, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
