namespace EGov.Biometrics.Server.Hosting;

/// <summary>
/// How egov-server runs: where its data lives, where it listens, whether TLS is off (loopback only), and how
/// many requests per second one API key may make (a burst of twice that is allowed), and where Prometheus
/// scrapes /metrics (plain HTTP; off when null). Enrolment images are kept (encrypted) only with
/// <see cref="StoreImages"/>: they let a new embedding model re-template everyone, at the cost of holding photos.
/// </summary>
public sealed record ServerOptions(string DataDirectory, string Urls, bool Plaintext = false, int RequestsPerSecondPerKey = 100, string? MetricsUrl = null, bool StoreImages = false);
