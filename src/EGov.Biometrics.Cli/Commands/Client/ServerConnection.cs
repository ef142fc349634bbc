using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using EGov.Biometrics.Contracts.Client;
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

    public Option<FileInfo?> ClientCertificate { get; } = new("--cert") { Description = "Client certificate (PEM) registered with the server, instead of an API key." };

    public Option<FileInfo?> ClientKey { get; } = new("--key") { Description = "The client certificate's private key (PEM), if not in the --cert file." };

    public void AddTo(Command command)
    {
        command.Options.Add(ClientCertificate);
        command.Options.Add(ClientKey);
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Desk);
        command.Options.Add(Ca);
    }

    public GrpcChannel Open(ParseResult parse)
    {
        var certificate = parse.GetValue(ClientCertificate);
        return ServerChannel.Open(parse.GetValue(Server)!, LoadPinned(parse.GetValue(Ca)), certificate is null ? null : LoadClient(certificate, parse.GetValue(ClientKey)));
    }

    public Metadata Headers(ParseResult parse)
    {
        var headers = new Metadata { { "x-desk-id", parse.GetValue(Desk)! } };
        if ((parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("EGOV_API_KEY")) is { } key)
        {
            headers.Add("x-api-key", key);
        }
        else if (parse.GetValue(ClientCertificate) is null)
        {
            throw new CommandException("No credentials: pass --api-key (or set EGOV_API_KEY) or --cert.");
        }

        return headers;
    }

    private static X509Certificate2 LoadClient(FileInfo certificate, FileInfo? key)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificate.FullName, key?.FullName);
        }
        catch (CryptographicException e)
        {
            throw new CommandException($"{certificate.FullName}{(key is null ? string.Empty : $" with {key.FullName}")} is not a PEM certificate and its private key (--cert, --key):", e);
        }
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

        try
        {
            return path is null ? null : ServerChannel.LoadPem(path);
        }
        catch (CryptographicException)
        {
            throw new CommandException($"{path} is not a PEM certificate (--ca takes the server's server.crt).");
        }
    }
}
