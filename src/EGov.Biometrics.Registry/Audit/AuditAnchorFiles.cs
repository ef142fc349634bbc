namespace EGov.Biometrics.Registry.Audit;

/// <summary>
/// Where the audit anchor is kept: the data folder's file and, optionally, a witness copy on another volume
/// (another owner, a mount the data folder's attacker cannot write). Every file must vouch for the log: to
/// hide a cut-off tail one would have to roll back the database and every copy together.
/// </summary>
public sealed record AuditAnchorFiles(string Primary, string? Witness = null)
{
    public IReadOnlyList<string> Paths => Witness is null ? [Primary] : [Primary, Witness];

    /// <summary>Each file's anchor (null where the file is missing or empty).</summary>
    /// <exception cref="InvalidDataException">A file holds something that is not an anchor.</exception>
    public IReadOnlyList<AnchorReading> Read() => [.. Paths.Select(path => new AnchorReading(path, AuditAnchor.Load(path)))];
}
