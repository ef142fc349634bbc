using System.Diagnostics;
using global::Grpc.Core;
using global::Grpc.Core.Interceptors;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>Counts every call (streams when they end) by method and final status and records its latency (outermost, so refusals count too).</summary>
internal sealed class MetricsInterceptor(ServiceMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var result = default(TResponse);
        await Measure(context, async () => result = await continuation(request, context));
        return result!;
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Measure(context, () => continuation(requestStream, responseStream, context));

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var result = default(TResponse);
        await Measure(context, async () => result = await continuation(requestStream, context));
        return result!;
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Measure(context, () => continuation(request, responseStream, context));

    private async Task Measure(ServerCallContext context, Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            await call();
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
