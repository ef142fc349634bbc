using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Server.Hosting;

/// <summary>
/// The server's folder: the registry, the template key ring, the TLS certificate and, on first start, a
/// bootstrap admin key. Secrets are created here at run time, readable by the owner only, never committed.
/// </summary>
public sealed class DataDirectory
{
    public const string BootstrapKeyFile = "bootstrap-admin.key";
    public const string CertificateFile = "server.pfx";
    public const string PublicCertificateFile = "server.crt";
    public const string KeyFile = "template-keys.json";
    public const string AuditAnchorFile = "audit-head.json";

    public DataDirectory(string path)
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

        var firstStart = !File.Exists(PathOf("registry.db"));
        Database = new RegistryDatabase(PathOf("registry.db"));
        Keys = LoadOrCreateKeys();
        Certificate = LoadOrCreateCertificate();
        if (firstStart)
        {
            File.Delete(PathOf(BootstrapKeyFile)); // a key left from a registry that is gone opens nothing
            WriteSecret(BootstrapKeyFile, new ApiKeyStore(Database).Create(Roles.Admin) + "\n");
        }
    }

    public string Path { get; }

    public RegistryDatabase Database { get; }

    /// <summary>The key ring as loaded at start; rotation changes the ring in use (the server's <c>TemplateCipher</c>), not this.</summary>
    public KeyRing Keys { get; }

    /// <summary>Where the key ring is kept, so that rotation can add a key; null when it comes from the environment.</summary>
    public KeyRingFile? KeyRingFile { get; private set; }

    public X509Certificate2 Certificate { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    private KeyRing LoadOrCreateKeys()
    {
        if (Environment.GetEnvironmentVariable(KeyRing.EnvironmentVariable) is { Length: > 0 } json)
        {
            return KeyRing.Parse(json);
        }

        KeyRingFile = new KeyRingFile(PathOf(KeyFile));
        if (KeyRingFile.Exists)
        {
            return KeyRingFile.Load();
        }

        var ring = KeyRing.Generate();
        KeyRingFile.Save(ring);
        return ring;
    }

    // A self-signed certificate for local use; production deployments put their own server.pfx here.
    private X509Certificate2 LoadOrCreateCertificate()
    {
        var file = PathOf(CertificateFile);
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
            WriteSecret(CertificateFile, certificate.Export(X509ContentType.Pfx));
            File.WriteAllText(PathOf(PublicCertificateFile), certificate.ExportCertificatePem());
        }

        return X509CertificateLoader.LoadPkcs12FromFile(file, password: null);
    }

    private void WriteSecret(string name, string text) => WriteSecret(name, System.Text.Encoding.UTF8.GetBytes(text));

    private void WriteSecret(string name, byte[] bytes)
    {
        var file = PathOf(name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(file, options);
        stream.Write(bytes);
    }
}
