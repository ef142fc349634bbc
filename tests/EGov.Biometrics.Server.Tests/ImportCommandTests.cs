using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Server.Tests;

/// <summary>egov-bio import against a real server: every row enrolled or reported with its reason, and an import run again changes nothing.</summary>
public sealed class ImportCommandTests(RunningServer server) : IClassFixture<RunningServer>, IDisposable
{
    private readonly ImportFolder _files = new();

    [Fact]
    public void Every_row_is_enrolled_or_reported_with_its_reason_and_the_row_or_pinfl_it_duplicates()
    {
        var enroller = ImportFolder.Connection(server, server.Keys["enroller"]);
        // An earlier import by the same enroller put the person of portraits 1 and 3 in the registry.
        var earlier = _files.Manifest("earlier.csv", ("59000000000001", _files.Portrait(1)));
        Assert.Equal(0, ImportFolder.Run(["import", "--manifest", earlier, .. enroller]).Exit);
        var manifest = _files.Manifest(
            "registry.csv",
            ("51000000000001", _files.Portrait(4)),
            ("51000000000002", _files.Portrait(3)),
            ("51000000000003", _files.Portrait(6)),
            ("51000000000004", _files.Mirrored(6)),
            ("12345", _files.Portrait(5)),
            ("51000000000006", _files.NotAnImage()),
            ("51000000000007", "missing.jpg"),
            ("51000000000008", _files.NoFace()),
            ("51000000000009", _files.Group()),
            ("51000000000010", _files.Portrait(2)),
            ("51000000000011", _files.Portrait(5)));

        var (exit, output, error) = ImportFolder.Run(["import", "--manifest", manifest, .. enroller]);

        Assert.True(exit == 0, error);
        Assert.Contains("11 rows: 3 enrolled, 8 refused, 0 left", output, StringComparison.Ordinal);
        var report = ImportFolder.Report(_files.Combine("registry.refusals.csv"));
        // row (line of the manifest), PINFL, reason, the photo it is about, the other row and PINFL of a duplicate.
        Assert.Equal(
            [
                ["3", "51000000000002", "duplicate-in-registry", string.Empty, string.Empty, "59000000000001"],
                ["5", "51000000000004", "duplicate-in-import", string.Empty, "4", "51000000000003"],
                ["6", "12345", "bad-pinfl", string.Empty, string.Empty, string.Empty],
                ["7", "51000000000006", "unreadable-file", _files.Combine("notes.jpg"), string.Empty, string.Empty],
                ["8", "51000000000007", "unreadable-file", _files.Combine("missing.jpg"), string.Empty, string.Empty],
                ["9", "51000000000008", "no-face", _files.Combine("wall.jpg"), string.Empty, string.Empty],
                ["10", "51000000000009", "several-people", _files.Combine("group.jpg"), string.Empty, string.Empty],
                ["11", "51000000000010", "quality-gate", _files.Combine("p2.jpg"), string.Empty, string.Empty],
            ],
            report.Select(r => (string[])[r[0], r[1], r[2], r[4], r[5], r[6]]));
        var details = report.ToDictionary(r => r[0], r => r[3]);
        Assert.Equal("the face matches enrolled subject 59000000000001 at FMR 1e-4", details["3"]);
        Assert.Equal("the face matches row 4 (PINFL 51000000000003) of this import at FMR 1e-4", details["5"]);
        Assert.Equal("'12345' is not a PINFL: it must be exactly 14 digits.", details["6"]);
        Assert.Equal("Photo 1: The data is not a recognised image format.", details["7"]);
        Assert.Equal($"photo 1: no file at {_files.Combine("missing.jpg")}", details["8"]);
        Assert.Equal("Photo 1: No face found in the image.", details["9"]);
        Assert.StartsWith("Photo 1: The photo shows 3 people", details["10"], StringComparison.Ordinal);
        Assert.Contains("photo 1: head turned", details["11"], StringComparison.Ordinal);
        Assert.Equal(["51000000000001", "51000000000003", "51000000000011", "59000000000001"], Enrolled());

        // Run again: every row is in the journal, nothing is sent or enrolled again.
        var audit = AuditEntries();
        (exit, output, error) = ImportFolder.Run(["import", "--manifest", manifest, .. enroller]);
        Assert.True(exit == 0, error);
        Assert.Contains("11 rows: 3 enrolled (3 by earlier runs), 8 refused, 0 left; 0 rows in", output, StringComparison.Ordinal);
        Assert.Equal(audit, AuditEntries());
    }

    [Fact]
    public void A_credential_that_may_not_enrol_is_refused_in_one_line_and_no_row_counts_as_done()
    {
        var manifest = _files.Manifest("operator.csv", ("53000000000001", _files.Portrait(5)), ("53000000000002", _files.Portrait(4)));

        var (exit, output, error) = ImportFolder.Run(["import", "--manifest", manifest, .. ImportFolder.Connection(server, server.Keys["operator"])]);

        Assert.Equal(3, exit);
        Assert.Empty(output);
        Assert.Equal("egov-bio: PermissionDenied: The operator role may not call /egov.biometrics.v1.Enrollment/EnrollBatch.", error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
        Assert.Empty(File.ReadAllText(manifest + ".journal"));
    }

    [Fact]
    public void A_server_whose_certificate_is_not_the_pinned_one_stops_the_run_at_once_in_one_line()
    {
        // Not a server failure to retry six times over half a minute: every try fails alike until --ca names the right file.
        var manifest = _files.Manifest("wrong-ca.csv", ("54000000000001", _files.Portrait(5)));
        var otherCa = _files.Combine("other.crt");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var other = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)))
        {
            File.WriteAllText(otherCa, other.ExportCertificatePem());
        }

        var connection = ImportFolder.Connection(server, server.Keys["enroller"]);
        connection[Array.IndexOf(connection, "--ca") + 1] = otherCa;

        var (exit, output, error) = ImportFolder.Run(["import", "--manifest", manifest, .. connection]);

        Assert.Equal(3, exit);
        Assert.Empty(output);
        Assert.DoesNotContain("sent again", error, StringComparison.Ordinal);
        Assert.Contains("The remote certificate was rejected", error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(), StringComparison.Ordinal);
        Assert.Empty(File.ReadAllText(manifest + ".journal"));
    }

    public void Dispose() => _files.Dispose();

    private List<string> Enrolled()
    {
        using var registry = new SubjectRegistry(server.Data.Database, new TemplateCipher(server.Data.Keys));
        return [.. registry.List(string.Empty, 100).Select(s => s.Pinfl)];
    }

    private long AuditEntries()
    {
        using var registry = new SubjectRegistry(server.Data.Database, new TemplateCipher(server.Data.Keys));
        return registry.AuditEntries();
    }
}
