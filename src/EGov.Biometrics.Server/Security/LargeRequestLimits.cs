namespace EGov.Biometrics.Server.Security;

/// <summary>What counts as a large request (bytes of one gRPC message) and how many of those are read at once, in all, per connection and per credential.</summary>
internal sealed record LargeRequestLimits(int Global, int PerConnection, int PerCredential, long LargeBytes = 1024 * 1024);
