using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EGov.Biometrics.Cluster.Hosting;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Server.Hosting;

/// <summary>
/// The server's folder: the registry (unless it is on PostgreSQL), the template key ring (unless kept elsewhere: see
/// <see cref="KeyRingLocation"/>), the TLS certificate, the audit anchor and, on first start, a bootstrap admin key.
/// Secrets are created here at run time, readable by the owner only, never committed, and only for a new registry:
/// on SQLite a folder without registry.db (secrets are made before the database, so a first start stopped half-way
/// leaves a folder that is still new); on PostgreSQL, shared by every node, a registry that holds nothing yet (no
/// audit entry, template or API key), so only the first node of a cluster may make the ring the others then share.
/// Anywhere else a missing key ring or certificate is refused, not silently replaced (a new ring would leave every
/// template unreadable; a new certificate would break every agent pinned to the old one).
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

    /// <summary>Where the PostgreSQL password is read when no <c>--postgres-password-file</c> is given.</summary>
    public const string PostgresPasswordVariable = "EGOV_PG_PASSWORD";

    /// <param name="keyRingPath">The key ring's file when it is kept outside the folder (null: see <see cref="KeyRingLocation"/>).</param>
    /// <param name="postgres">The PostgreSQL registry's connection string, without its password (null: SQLite in the folder).</param>
    /// <param name="postgresPassword">The password for <paramref name="postgres"/>.</param>
    /// <param name="auditWitnessPath">The audit anchor's witness copy (only needed here when a node joins a registry on PostgreSQL).</param>
    /// <exception cref="InvalidDataException">A file is missing, unreadable or corrupt, or PostgreSQL cannot be reached; the message names it.</exception>
    /// <exception cref="ArgumentException">The connection string is not valid or holds a password.</exception>
    public DataDirectory(string path, string? keyRingPath = null, string? postgres = null, string? postgresPassword = null, string? auditWitnessPath = null)
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

        if (postgres is null)
        {
            var firstStart = !File.Exists(PathOf(DatabaseFile));
            var keys = KeyRingLocation.Load(Path, keyRingPath, mayCreate: firstStart);
            Keys = keys.Ring;
            KeyRingFile = keys.File;
            Certificate = LoadOrCreateCertificate(firstStart);
            Database = new RegistryDatabase(PathOf(DatabaseFile));
            // Also when a first start stopped between making the database and writing the key (nobody could administer it).
            if (firstStart || !HoldsApiKeys(Database))
            {
                CreateBootstrapKey();
            }
        }
        else
        {
            // The database first: whether it is empty decides whether a key ring may be made.
            Database = RegistryDatabase.Postgres(postgres, postgresPassword);
            var keys = KeyRingLocation.Load(Path, keyRingPath, mayCreate: IsEmpty(Database));
            Keys = keys.Ring;
            KeyRingFile = keys.File;
            RefuseForeignKeyRing(keys.File?.Path ?? "from the environment");
            // This node's own folder is new when it holds neither anchor nor certificate.
            var newFolder = !File.Exists(PathOf(AuditAnchorFile)) && !File.Exists(PathOf(CertificateFile));
            Certificate = LoadOrCreateCertificate(newFolder);
            if (newFolder)
            {
                AnchorJoiningNode(auditWitnessPath);
            }

            // One bootstrap key for the whole registry: the node that finds none writes it (into its own folder).
            if (!HoldsApiKeys(Database))
            {
                CreateBootstrapKey();
            }
        }
    }

    /// <summary>The folder and registry <paramref name="options"/> name, the PostgreSQL password read from its file or <see cref="PostgresPasswordVariable"/>.</summary>
    /// <exception cref="InvalidDataException">The password file cannot be read; the message names it.</exception>
    public static DataDirectory For(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DataDirectory(options.DataDirectory, options.KeyRingPath, options.Postgres, PostgresPassword(options), options.AuditWitnessPath);
    }

    /// <summary>The PostgreSQL password <paramref name="options"/> point at (its file, else <see cref="PostgresPasswordVariable"/>); null without --postgres.</summary>
    /// <exception cref="InvalidDataException">The password file cannot be read; the message names it.</exception>
    public static string? PostgresPassword(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Postgres is null)
        {
            return null;
        }

        return options.PostgresPasswordFile is { } file ? PostgresPasswordFile.Read(file) : Environment.GetEnvironmentVariable(PostgresPasswordVariable);
    }

    public string Path { get; }

    public RegistryDatabase Database { get; }

    /// <summary>The key ring as loaded at start; rotation changes the ring in use (the server's <c>TemplateCipher</c>), not this.</summary>
    public KeyRing Keys { get; }

    /// <summary>Where the key ring is kept, so that rotation can add a key; null when it comes from the environment.</summary>
    public KeyRingFile? KeyRingFile { get; }

    public X509Certificate2 Certificate { get; }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    // Another deployment's ring (or a stale copy from before a re-install) on a shared registry would let this node
    // start, fail every shard it activates (their templates do not open) and MAC its decisions under another audit key,
    // breaking the chain every node shares: refused before anything is written.
    private void RefuseForeignKeyRing(string ring)
    {
        using var connection = Database.Open();
        if (!AuditLog.HeadSignedBy(connection, Keys.AuditKey))
        {
            throw new InvalidDataException(
                $"The key ring {ring} does not belong to the registry {Database.Path}: its newest audit entry was not written under this ring's audit key. Start with the ring the registry's other nodes use (another deployment's ring, or a ring made anew, would seal and sign everything differently); if the ring is right, check the log with 'egov-bio audit verify'.");
        }
    }

    private static bool HoldsApiKeys(RegistryDatabase database) => Holds(database, "SELECT 1 FROM api_keys");

    // Nothing sealed, MAC'd or handed out yet: a key ring made now cannot orphan anything.
    private static bool IsEmpty(RegistryDatabase database) =>
        !Holds(database, "SELECT 1 FROM audit") && !Holds(database, "SELECT 1 FROM templates") && !HoldsApiKeys(database);

    private static bool Holds(RegistryDatabase database, string rows)
    {
        using var connection = database.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = $"SELECT EXISTS ({rows})";
        return Convert.ToBoolean(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Replaces a key left from a registry that is gone (it opens nothing).
    // The file first: killed before the row is stored, the next start finds no key and writes a new one.
    private void CreateBootstrapKey() =>
        new ApiKeyStore(Database).Create(Roles.Admin, keepFirst: key => DurableFile.Replace(PathOf(BootstrapKeyFile), System.Text.Encoding.UTF8.GetBytes(key + "\n")));

    // A node that joins a shared registry already holding entries anchors the chain where it finds it: its anchor then
    // catches any cut below that point (every other node's anchor does as well). Without this, the anchor check would
    // take the new node's missing file for a deleted one and refuse the start.
    private void AnchorJoiningNode(string? witnessPath)
    {
        using var connection = Database.Open();
        if (AuditLog.Head(connection) is not { } head)
        {
            return;
        }

        using var writer = new AuditAnchorWriter([.. new[] { PathOf(AuditAnchorFile), witnessPath }.OfType<string>().Where(f => !File.Exists(f))]);
        writer.WriteNow(head);
    }

    // A self-signed certificate for local use; production deployments put their own server.pfx here.
    private X509Certificate2 LoadOrCreateCertificate(bool newFolder)
    {
        var file = PathOf(CertificateFile);
        if (!File.Exists(file) && !newFolder)
        {
            throw new InvalidDataException(
                $"The TLS certificate {file} is missing: restore it (or put the new certificate there). A new self-signed one is made only for a new data folder (one without {DatabaseFile}, or on PostgreSQL without {AuditAnchorFile}); here every agent pinned to the old one would stop connecting.");
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
            // Server authentication for the front end; client authentication too, because silos show it to each other (mutual TLS).
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid(SiloCertificate.ClientAuthentication)], critical: false));
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
