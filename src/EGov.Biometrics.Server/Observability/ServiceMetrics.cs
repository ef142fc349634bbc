using Prometheus;

namespace EGov.Biometrics.Server.Observability;

/// <summary>The Prometheus series of the service: RPC counts and latency, decisions by outcome, registry and index size.</summary>
internal sealed class ServiceMetrics
{
    public ServiceMetrics(CollectorRegistry registry, Func<(long Templates, long IndexBytes)> sizes)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        Requests = factory.CreateCounter("egov_rpc_requests_total", "gRPC calls by method and status.", "method", "status");
        Duration = factory.CreateHistogram("egov_rpc_duration_seconds", "gRPC call latency by method.", new HistogramConfiguration
        {
            LabelNames = ["method"],
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
        });
        Decisions = factory.CreateCounter("egov_decisions_total", "Decisions by action and outcome.", "action", "outcome");
        AttemptsThrottled = factory.CreateCounter(
            "egov_verify_attempts_throttled_total", "Verifications refused after repeated failures against one PINFL from one credential (alert on any increase).", "role");
        var templates = factory.CreateGauge("egov_registry_templates", "Templates in the registry.");
        var indexBytes = factory.CreateGauge("egov_index_memory_bytes", "Memory held by the in-memory matching index.");
        registry.AddBeforeCollectCallback(() =>
        {
            var (count, bytes) = sizes();
            templates.Set(count);
            indexBytes.Set(bytes);
        });
    }

    public Counter Requests { get; }

    public Histogram Duration { get; }

    public Counter Decisions { get; }

    /// <summary>Refused repeated attempts (a possible hill-climb or guessing): fed by the domain's attempt throttle.</summary>
    public Counter AttemptsThrottled { get; }
}
