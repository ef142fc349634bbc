using EGov.Biometrics.Cli.Commands.Import;

namespace EGov.Biometrics.Cli.Tests;

/// <summary>egov-bio import's files without a server: the manifest as CSV, the journal after a crash, and the one-line user errors.</summary>
public sealed class ImportFilesTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-import-files-");

    [Fact]
    public void The_manifest_keeps_each_rows_line_quoted_paths_and_paths_from_its_own_folder()
    {
        var manifest = Write("m.csv", "PINFL,photos\n# a comment\n31234567890123, a.jpg ,\"b, scanned.jpg\"\n\n42345678901234,/abs/c.png\n12345\n");

        var rows = Manifest.Read(manifest);

        Assert.Equal([3, 5, 6], rows.Select(r => r.Row));
        Assert.Equal([Path.Combine(_folder.FullName, "a.jpg"), Path.Combine(_folder.FullName, "b, scanned.jpg")], rows[0].Paths);
        Assert.Equal(["/abs/c.png"], rows[1].Paths);
        Assert.Equal(("12345", 0), (rows[2].Pinfl, rows[2].Paths.Count));
        Assert.NotEqual(rows[0].Signature, (rows[0] with { Paths = [rows[0].Paths[0]] }).Signature);
    }

    [Fact]
    public void A_journal_line_cut_by_a_crash_is_dropped_and_the_next_entry_starts_a_line_of_its_own()
    {
        var path = Path.Combine(_folder.FullName, "m.csv.journal");
        using (var journal = new ImportJournal(path))
        {
            journal.Append([new JournalEntry(2, "s2", "k2", "31234567890123", JournalEntry.Enrolled, Decision: 7)]);
        }

        File.AppendAllText(path, "{\"row\":3,\"signature\":\"s3\",\"ke");
        using (var journal = new ImportJournal(path))
        {
            Assert.Equal([2], journal.Entries.Keys);
            Assert.Equal(7, journal.Entries[2].Decision);
            journal.Append([new JournalEntry(3, "s3", string.Empty, "12", JournalEntry.Refused, RefusalReasons.BadPinfl, "not 14 digits")]);
        }

        using var reopened = new ImportJournal(path);
        Assert.Equal([2, 3], reopened.Entries.Keys.Order());
        Assert.Equal(RefusalReasons.BadPinfl, reopened.Entries[3].Reason);
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void Bad_options_and_a_missing_manifest_are_one_line_user_errors()
    {
        var (missing, _, missingError) = CliRunner.Run("import", "--manifest", Path.Combine(_folder.FullName, "none.csv"), "--api-key", "k");
        var (workers, _, workersError) = CliRunner.Run("import", "--manifest", Write("w.csv", "31234567890123,a.jpg\n"), "--api-key", "k", "--workers", "0");

        Assert.Equal((2, $"egov-bio: No manifest at {Path.Combine(_folder.FullName, "none.csv")}."), (missing, missingError.Trim()));
        Assert.Equal(2, workers);
        Assert.StartsWith("egov-bio: --workers takes 1 to 16", workersError, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
