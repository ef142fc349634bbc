using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EGov.Biometrics.Cluster.Hosting;

/// <summary>
/// Who may talk to a silo: only a peer that presents the very certificate this silo has (the data folder's server.pfx,
/// which <c>./build.sh cluster</c> copies from silo 1 to every silo), checked both ways (mutual TLS). Per-silo
/// certificates would need a cluster CA instead; that is not built.
/// </summary>
public static class SiloCertificate
{
    /// <summary>The extended key usage a certificate needs to be shown as a TLS client (Orleans refuses one without it).</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>Refuses, in one line, a certificate that a silo could not show to its peers: one whose key usages leave out client authentication.</summary>
    public static void EnsureUsable(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).ToList();
        if (usages.Count > 0 && !usages.Any(u => u.Value == ClientAuthentication))
        {
            throw new ArgumentException(
                $"--cluster: the certificate {certificate.Subject} (server.pfx) is not allowed for TLS client authentication, which silos need to reach each other: put one whose extended key usage includes client authentication ({ClientAuthentication}), the same file on every silo.");
        }
    }

    /// <summary>Whether <paramref name="peer"/> is the same certificate as <paramref name="own"/> (equal SHA-256 of the whole certificate, so also the same public key).</summary>
    public static bool IsOurs(X509Certificate2 own, X509Certificate2? peer) =>
        peer is not null && CryptographicOperations.FixedTimeEquals(own.GetCertHash(HashAlgorithmName.SHA256), peer.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>The <c>--silo-address</c> value: one IP address that the silo listens on and the others reach it at.</summary>
    public static IPAddress ParseAddress(string text)
    {
        if (!IPAddress.TryParse(text.Trim(), out var address))
        {
            throw new ArgumentException($"--silo-address: '{text}' is not an IP address (give the address the other silos reach this one at, e.g. 10.0.0.5).");
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException($"--silo-address: {address} cannot be advertised to the other silos; give this machine's own address.");
        }

        return address;
    }
}
