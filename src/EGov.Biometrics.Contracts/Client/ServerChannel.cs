using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace EGov.Biometrics.Contracts.Client;

/// <summary>
/// Opens a gRPC channel to egov-server. TLS is verified by the system's trust store or, for a server with a
/// self-signed certificate, by pinning that certificate's SHA-256 fingerprint (not the SHA-1 thumbprint).
/// An optional client certificate authenticates the caller at the TLS layer.
/// </summary>
public static class ServerChannel
{
    public const int MaxMessageBytes = 16 << 20;

    public static GrpcChannel Open(string address, X509Certificate2? pinned = null, X509Certificate2? clientCertificate = null, TimeSpan? keepAlive = null)
    {
        var fingerprint = pinned?.GetCertHash(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            // Dead connections are noticed by pings, not by the next call timing out.
            KeepAlivePingDelay = keepAlive ?? TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None
            || (fingerprint is not null && certificate is not null
                && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), fingerprint));
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = MaxMessageBytes, MaxSendMessageSize = MaxMessageBytes });
    }

    /// <summary>Loads a PEM certificate to pin (the server's <c>server.crt</c>).</summary>
    public static X509Certificate2 LoadPem(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));
}
