using EGov.Biometrics.Server.Rest;
using Grpc.Core;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// A refusal by the Security layer, made before any service runs, in the caller's protocol: a gRPC status for a gRPC call,
/// RFC 9457 problem details with the HTTP status transcoding maps that gRPC status to for a REST route.
/// </summary>
internal static class ApiRefusal
{
    /// <summary>A call to the API, over gRPC or REST (not the console's pages).</summary>
    public static bool IsApiCall(HttpContext context) => RestEndpoint.Is(context) || GrpcStatusResponse.IsGrpc(context);

    public static Task WriteAsync(HttpContext context, StatusCode status, string message) =>
        RestEndpoint.Is(context) ? ProblemResponse.WriteAsync(context, status, message) : GrpcStatusResponse.WriteAsync(context, status, message);
}
