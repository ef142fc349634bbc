namespace EGov.Biometrics.Server.Hosting;

/// <summary>How egov-server runs: where its data lives, where it listens, and whether TLS is off (loopback only).</summary>
public sealed record ServerOptions(string DataDirectory, string Urls, bool Plaintext = false);
