using System.CommandLine;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Cli.Commands;

/// <summary>
/// <c>egov-bio audit verify|export --data-dir DIR [--postgres CONNSTRING]</c>: check the HMAC chain against its anchor
/// (and witness copy), or write it out as JSON lines. With <c>--postgres</c> the log is read from that registry (the
/// password from <c>--postgres-password-file</c> or <c>$EGOV_PG_PASSWORD</c>) and DIR is the node's folder with its anchor. A chain that does not verify prints one line naming the database and the first
/// bad entry and exits 1; a folder that cannot be checked (a missing or corrupt anchor, key ring or database)
/// prints one line naming the file and exits 2.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "The server's data folder.", Required = true };
        var keyRing = new Option<FileInfo?>("--key-ring") { Description = "The key ring file, where the server keeps it apart from the data folder." };
        var witness = new Option<FileInfo?>("--audit-witness") { Description = "The server's witness copy of the audit anchor: checked too." };
        var postgres = new Option<string?>("--postgres") { Description = "The registry is on PostgreSQL: its connection string, without password." };
        var postgresPassword = new Option<FileInfo?>("--postgres-password-file") { Description = $"The PostgreSQL password's file (default: ${PostgresPasswordVariable})." };
        var verify = new Command("verify", "Check the audit chain; names the first bad entry.") { dataDir, keyRing, witness, postgres, postgresPassword };
        verify.SetAction(parse =>
        {
            var dir = parse.GetRequiredValue(dataDir);
            var database = Open(dir, parse.GetValue(postgres), parse.GetValue(postgresPassword));
            var anchors = new AuditAnchorFiles(Path.Combine(dir.FullName, "audit-head.json"), parse.GetValue(witness)?.FullName).Read();
            var keys = KeyRingLocation.Load(dir.FullName, parse.GetValue(keyRing)?.FullName, mayCreate: false).Ring;
            using var connection = database.Open();
            var result = AuditLog.Verify(connection, keys.AuditKey, anchors);
            parse.InvocationConfiguration.Output.WriteLine(result.Intact ? $"audit chain intact: {result.Entries} entries" : $"audit chain BROKEN at entry {result.FirstBadSeq} of {database.Path}: {result.Reason}");
            return result.Intact ? 0 : 1;
        });

        var output = new Option<FileInfo?>("--out") { Description = "Write here instead of standard output." };
        var export = new Command("export", "Write every audit entry as one JSON object per line.") { dataDir, output, postgres, postgresPassword };
        export.SetAction(parse =>
        {
            using var connection = Open(parse.GetRequiredValue(dataDir), parse.GetValue(postgres), parse.GetValue(postgresPassword)).Open();
            using var file = parse.GetValue(output) is { } f ? new StreamWriter(f.FullName) : null;
            var writer = file ?? parse.InvocationConfiguration.Output;
            foreach (var e in AuditLog.Read(connection))
            {
                Json.Write(writer, new { seq = e.Seq, at = e.Entry.At, e.Entry.Caller, e.Entry.Role, e.Entry.Desk, e.Entry.Action, e.Entry.Subject, e.Entry.Decision, e.Entry.Score, e.Entry.Fmr, e.Entry.Details, hash = Convert.ToHexStringLower(e.Hash) });
            }

            return 0;
        });
        return new Command("audit", "Check or export the audit log of a data folder.") { verify, export };
    }

    private const string PostgresPasswordVariable = "EGOV_PG_PASSWORD";

    private static RegistryDatabase Open(DirectoryInfo dir, string? postgres, FileInfo? passwordFile)
    {
        if (postgres is not null)
        {
            try
            {
                var password = passwordFile is null ? Environment.GetEnvironmentVariable(PostgresPasswordVariable) : PostgresPasswordFile.Read(passwordFile.FullName);
                return RegistryDatabase.Postgres(postgres, password);
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new CommandException(e.Message);
            }
        }

        var path = Path.Combine(dir.FullName, "registry.db");
        return File.Exists(path) ? new RegistryDatabase(path) : throw new CommandException($"No registry at {path}.");
    }
}
