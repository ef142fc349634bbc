using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace EGov.Biometrics.Server.Rest;

/// <summary>
/// Writes an RFC 9457 problem details answer (<c>application/problem+json</c>: status, title, detail naming the problem)
/// through ASP.NET Core's <see cref="IProblemDetailsService"/>, with the gRPC status the same refusal has over gRPC
/// as the extension member <c>grpcStatus</c>, so one error table (docs/api.md) serves both front ends.
/// </summary>
internal static class ProblemResponse
{
    public const string GrpcStatusMember = "grpcStatus";

    // Where the answer's gRPC status is kept for the request metrics.
    private static readonly object StatusItem = new();

    public static Task WriteAsync(HttpContext context, StatusCode status, string detail) => WriteAsync(context, HttpStatusOf(status), detail, status);

    public static Task WriteAsync(HttpContext context, int httpStatus, string detail, StatusCode? status)
    {
        var problem = new ProblemDetails { Status = httpStatus, Detail = detail };
        if (status is { } grpc)
        {
            problem.Extensions[GrpcStatusMember] = grpc.ToString();
            context.Items[StatusItem] = grpc;
        }

        // The problem details service when the client accepts JSON; otherwise the result writes the same document itself.
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }

    /// <summary>The gRPC status a REST answer stands for: the problem's, else OK for a success and Unknown for another failure.</summary>
    public static StatusCode StatusOf(HttpContext context) =>
        context.Items.TryGetValue(StatusItem, out var status) && status is StatusCode code ? code
        : context.Response.StatusCode < StatusCodes.Status400BadRequest ? StatusCode.OK : StatusCode.Unknown;

    /// <summary>The HTTP status gRPC JSON transcoding answers a gRPC status with (google.api's mapping), for refusals made before it runs.</summary>
    public static int HttpStatusOf(StatusCode status) => status switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => 499,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
