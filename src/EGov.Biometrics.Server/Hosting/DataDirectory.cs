using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Server.Hosting;

/// <summary>
/// The server's folder: the registry, the template key ring (unless kept elsewhere: see <see cref="KeyRingLocation"/>),
/// the TLS certificate and, on first start, a bootstrap admin key. Secrets are created here at run time,
/// readable by the owner only, never committed, and only in a new folder: one without registry.db. In any
/// other folder a missing key ring or certificate is refused, not silently replaced (a new ring would leave
/// every template unreadable; a new certificate would break every agent pinned to the old one). Secrets are
/// made before the database, so a first start stopped half-way leaves a folder that is still new.
/// </summary>
public sealed class DataDirectory
{
    public const string BootstrapKeyFile = "bootstrap-admin.key";
    public const string CertificateFile = "server.pfx";
    public const string PublicCertificateFile = "server.crt";
    public const string KeyFile = KeyRingLocation.FileName;
    public const string DatabaseFile = "registry.db";

    /// <summary>Where the key ring is looked for without <c>--key-ring</c>, in words (for the option's help).</summary>
    public const string KeyRingDefaults = $"${KeyRingLocation.FileVariable}, ${KeyRing.EnvironmentVariable}, ${KeyRingLocation.CredentialsVariable}/{KeyRingLocation.FileName}, or the data folder's {KeyFile}";
    public const string AuditAnchorFile = "audit-head.json";

    /// <param name="keyRingPath">The key ring's file when it is kept outside the folder (null: see <see cref="KeyRingLocation"/>).</param>
    /// <exception cref="InvalidDataException">A file is missing, unreadable or corrupt; the message names it.</exception>
    public DataDirectory(string path, string? keyRingPath = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        // The folder itself is private: the database holds encrypted templates and hashed keys, still nobody else's business.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var firstStart = !File.Exists(PathOf(DatabaseFile));
        var keys = KeyRingLocation.Load(Path, keyRingPath, mayCreate: firstStart);
        Keys = keys.Ring;
        KeyRingFile = keys.File;
        Certificate = LoadOrCreateCertificate(firstStart);
        Database = new RegistryDatabase(PathOf(DatabaseFile));
        // Also when a first start stopped between making the database and writing the key (nobody could administer it).
        if (firstStart || !HoldsApiKeys(Database))
        {
            // Replaces a key left from a registry that is gone (it opens nothing).
            // The file first: killed before the row is stored, the next start finds no key and writes a new one.
            new ApiKeyStore(Database).Create(Roles.Admin, keepFirst: key => DurableFile.Replace(PathOf(BootstrapKeyFile), System.Text.Encoding.UTF8.GetBytes(key + "\n")));
        }
    }

    public string Path { get; }

    public RegistryDatabase Database { get; }

    /// <summary>The key ring as loaded at start; rotation changes the ring in use (the server's <c>TemplateCipher</c>), not this.</summary>
    public KeyRing Keys { get; }

    /// <summary>Where the key ring is kept, so that rotation can add a key; null when it comes from the environment.</summary>
    public KeyRingFile? KeyRingFile { get; }

    public X509Certificate2 Certificate { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    private static bool HoldsApiKeys(RegistryDatabase database)
    {
        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT EXISTS (SELECT 1 FROM api_keys)";
        return (long)count.ExecuteScalar()! == 1;
    }

    // A self-signed certificate for local use; production deployments put their own server.pfx here.
    private X509Certificate2 LoadOrCreateCertificate(bool newFolder)
    {
        var file = PathOf(CertificateFile);
        if (!File.Exists(file) && !newFolder)
        {
            throw new InvalidDataException(
                $"The TLS certificate {file} is missing: restore it (or put the new certificate there). A new self-signed one is made only for a new data folder (one without {DatabaseFile}); here every agent pinned to the old one would stop connecting.");
        }

        if (!File.Exists(file))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=egov-server", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(2));
            DurableFile.Replace(file, certificate.Export(X509ContentType.Pfx));
        }

        X509Certificate2 loaded;
        try
        {
            loaded = X509CertificateLoader.LoadPkcs12FromFile(file, password: null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"The TLS certificate {file} cannot be read ({e.Message.TrimEnd('.')}): restore it, or put a PKCS #12 file without a password there.", e);
        }

        if (!loaded.HasPrivateKey)
        {
            throw new InvalidDataException($"The TLS certificate {file} holds no private key: put one with its key there.");
        }

        // The public half is what clients pin; it is no secret, so it is (re)written from the certificate whenever missing.
        if (!File.Exists(PathOf(PublicCertificateFile)))
        {
            File.WriteAllText(PathOf(PublicCertificateFile), loaded.ExportCertificatePem());
        }

        return loaded;
    }
}
