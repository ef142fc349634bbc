using System.Security.Cryptography;
using System.Text;

namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>One row of an import manifest: its line in the file, the PINFL as written, and the photo paths (resolved against the manifest's folder).</summary>
internal sealed record ManifestRow(int Row, string Pinfl, IReadOnlyList<string> Paths)
{
    /// <summary>What a journal entry must match to stand for this row on resume: the same PINFL and paths at the same line.</summary>
    public string Signature => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', [Pinfl, .. Paths]))))[..16];
}
