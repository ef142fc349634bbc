using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;

namespace EGov.Biometrics.Cli.Commands.Client;

/// <summary>
/// The options every client command shares, and the channel they open. TLS is verified by the system's
/// trust store, or by pinning the certificate the local server generated (<c>DATA_DIR/server.crt</c>,
/// found through <c>--ca</c>, <c>EGOV_DATA_DIR</c> or <c>./data</c>), so a fresh local setup needs no flags.
/// </summary>
internal sealed class ServerConnection
{
    public Option<string> Server { get; } = new("--server") { Description = "Server address.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EGOV_SERVER") ?? "https://127.0.0.1:5001" };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (or EGOV_API_KEY)." };

    public Option<string> Desk { get; } = new("--desk") { Description = "Desk id recorded with each decision.", DefaultValueFactory = _ => Environment.MachineName };

    public Option<FileInfo?> Ca { get; } = new("--ca") { Description = "A certificate to trust (PEM); default: the local server's server.crt." };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Desk);
        command.Options.Add(Ca);
    }

    public GrpcChannel Open(ParseResult parse)
    {
        var pinned = LoadPinned(parse.GetValue(Ca));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None
            || (pinned is not null && certificate is not null && certificate.GetCertHashString() == pinned.Thumbprint);
        return GrpcChannel.ForAddress(parse.GetValue(Server)!, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 16 << 20 });
    }

    public Metadata Headers(ParseResult parse)
    {
        var key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("EGOV_API_KEY")
            ?? throw new CommandException("No API key: pass --api-key or set EGOV_API_KEY.");
        return new Metadata { { "x-api-key", key }, { "x-desk-id", parse.GetValue(Desk)! } };
    }

    private static X509Certificate2? LoadPinned(FileInfo? explicitCa)
    {
        var candidates = new[]
        {
            explicitCa?.FullName,
            Environment.GetEnvironmentVariable("EGOV_DATA_DIR") is { } dir ? Path.Combine(dir, "server.crt") : null,
            Path.Combine(Directory.GetCurrentDirectory(), "data", "server.crt"),
        };
        var path = candidates.FirstOrDefault(p => p is not null && File.Exists(p));
        if (explicitCa is not null && path != explicitCa.FullName)
        {
            throw new CommandException($"No certificate at {explicitCa.FullName}.");
        }

        return path is null ? null : X509Certificate2.CreateFromPem(File.ReadAllText(path));
    }
}
