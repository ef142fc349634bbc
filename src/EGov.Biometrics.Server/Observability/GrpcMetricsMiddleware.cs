using System.Diagnostics;
using EGov.Biometrics.Server.Rest;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http.Features;

namespace EGov.Biometrics.Server.Observability;

/// <summary>
/// Counts every gRPC call by method and final status and records its latency. It runs first, so calls refused
/// before any service runs (no credential, wrong role, rate limit) are counted too. A REST call is counted by its
/// route ("POST /v1/verify") with the gRPC status its answer stands for (<see cref="ProblemResponse"/>), known
/// only once routing has run.
/// </summary>
internal sealed class GrpcMetricsMiddleware(RequestDelegate next, ServiceMetrics metrics)
{
    public const string Unmatched = "unmatched";

    public async Task InvokeAsync(HttpContext context)
    {
        var grpc = Security.GrpcStatusResponse.IsGrpc(context);
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            // Only methods and routes this server serves become labels: a caller inventing paths must not grow the series without bound.
            var (method, status) = RestEndpoint.Is(context) && context.GetEndpoint() is RouteEndpoint route
                ? ($"{context.Request.Method} {route.RoutePattern.RawText}", ProblemResponse.StatusOf(context).ToString())
                : grpc ? (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName ?? Unmatched, StatusName(context)) : default;
            if (method is not null)
            {
                metrics.Requests.WithLabels(method, status!).Inc();
                metrics.Duration.WithLabels(method).Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        }
    }

    // A normal response carries grpc-status in its trailers, a trailers-only response (an early refusal) in its headers.
    private static string StatusName(HttpContext context)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        var value = trailers is not null && trailers.TryGetValue("grpc-status", out var t) ? t.ToString() : context.Response.Headers["grpc-status"].ToString();
        return int.TryParse(value, out var code) ? ((Grpc.Core.StatusCode)code).ToString() : "Unknown";
    }
}
