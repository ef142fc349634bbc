using System.CommandLine;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Cli.Commands;

/// <summary><c>egov-bio audit verify|export --data-dir DIR</c>: check the HMAC chain (and its anchored head), or write it out as JSON lines.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "The server's data folder.", Required = true };
        var verify = new Command("verify", "Check the audit chain; names the first bad entry.") { dataDir };
        verify.SetAction(parse =>
        {
            var dir = parse.GetRequiredValue(dataDir);
            using var connection = Open(dir).Open();
            var result = AuditLog.Verify(connection, LoadKeys(dir).AuditKey, AuditAnchor.Load(Path.Combine(dir.FullName, "audit-head.json")));
            parse.InvocationConfiguration.Output.WriteLine(result.Intact ? $"audit chain intact: {result.Entries} entries" : $"audit chain BROKEN at entry {result.FirstBadSeq}: {result.Reason}");
            return result.Intact ? 0 : 1;
        });

        var output = new Option<FileInfo?>("--out") { Description = "Write here instead of standard output." };
        var export = new Command("export", "Write every audit entry as one JSON object per line.") { dataDir, output };
        export.SetAction(parse =>
        {
            using var connection = Open(parse.GetRequiredValue(dataDir)).Open();
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

    // The audit MAC key lives in the key ring: the environment's, as the server reads it, or the folder's key file.
    private static KeyRing LoadKeys(DirectoryInfo dir)
    {
        if (Environment.GetEnvironmentVariable(KeyRing.EnvironmentVariable) is { Length: > 0 } json)
        {
            return KeyRing.Parse(json);
        }

        var file = Path.Combine(dir.FullName, "template-keys.json");
        return File.Exists(file) ? KeyRing.Parse(File.ReadAllText(file)) : throw new CommandException($"No key ring: set {KeyRing.EnvironmentVariable} or put template-keys.json in {dir.FullName}.");
    }

    private static RegistryDatabase Open(DirectoryInfo dir)
    {
        var path = Path.Combine(dir.FullName, "registry.db");
        return File.Exists(path) ? new RegistryDatabase(path) : throw new CommandException($"No registry at {path}.");
    }
}
