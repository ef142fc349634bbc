using System.Diagnostics;
using global::Grpc.Core;
using global::Grpc.Core.Interceptors;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>Counts every call by method and final status and records its latency (outermost, so refusals count too).</summary>
internal sealed class MetricsInterceptor(ServiceMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var start = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        finally
        {
            metrics.Requests.WithLabels(context.Method, status.ToString()).Inc();
            metrics.Duration.WithLabels(context.Method).Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
