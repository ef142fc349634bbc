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
    public void The_report_opens_in_a_spreadsheet_with_its_text_intact_and_no_formula_run()
    {
        var report = Path.Combine(_folder.FullName, "m.refusals.csv");
        JournalEntry[] entries =
        [
            new(2, "s", "k", "31234567890123", JournalEntry.Refused, "capture-gates", "photo 1: head turned 72.3°, at most ±30° allowed", "a.jpg"),
            new(3, "s", "k", "42345678901234", JournalEntry.Refused, "unreadable", "no image", "=HYPERLINK(\"http://x\",\"a\").jpg"),
        ];

        RefusalReport.Write(report, entries);

        var bytes = File.ReadAllBytes(report);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("72.3°, at most ±30°", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", lines[2], StringComparison.Ordinal);
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

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public void A_manifest_saved_with_another_separator_is_one_line_user_error_not_every_row_a_bad_pinfl(char separator)
    {
        // Spreadsheets in Russian and Uzbek locales save "CSV" with semicolons: each row would be one field, refused as a bad PINFL, exit 0.
        var manifest = Write("semicolons.csv", $"pinfl{separator}photo\r\n31234567890123{separator}a.jpg\r\n");

        var (exit, output, error) = CliRunner.Run("import", "--manifest", manifest, "--api-key", "k", "--server", "https://127.0.0.1:1");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Equal($"egov-bio: {manifest} line 1: the fields are separated by '{(separator == ';' ? ";" : "\\t")}'; a manifest separates them with commas (pinfl,path[,path…]).", error.Trim());
        Assert.False(File.Exists(manifest + ".journal"), "nothing was journaled");
    }

    [Fact]
    public void A_journal_or_report_that_cannot_be_written_is_a_one_line_user_error_before_anything_is_sent()
    {
        var manifest = Write("m.csv", "31234567890123,a.jpg\n");
        var folderAsJournal = Directory.CreateDirectory(Path.Combine(_folder.FullName, "a-folder")).FullName;
        var missingFolder = Path.Combine(_folder.FullName, "no-such-folder", "r.csv");

        var (journalExit, _, journalError) = CliRunner.Run("import", "--manifest", manifest, "--api-key", "k", "--server", "https://127.0.0.1:1", "--journal", folderAsJournal);
        var (reportExit, reportOutput, reportError) = CliRunner.Run("import", "--manifest", manifest, "--api-key", "k", "--server", "https://127.0.0.1:1", "--report", missingFolder);

        Assert.Equal(2, journalExit);
        Assert.StartsWith($"egov-bio: Cannot write the journal {folderAsJournal} (--journal picks another file): ", journalError, StringComparison.Ordinal);
        Assert.Equal(2, reportExit);
        Assert.Empty(reportOutput);
        Assert.StartsWith($"egov-bio: Cannot write the report {missingFolder} (--report picks another file): ", reportError, StringComparison.Ordinal);
        Assert.All(new[] { journalError, reportError }, e => Assert.Single(e.Trim().Split('\n')));
    }

    [Fact]
    public void A_ca_file_that_is_not_a_pem_certificate_is_a_one_line_user_error()
    {
        var notPem = Write("server.crt", "not a certificate");

        var (exit, _, error) = CliRunner.Run("import", "--manifest", Write("m.csv", "31234567890123,a.jpg\n"), "--api-key", "k", "--server", "https://127.0.0.1:1", "--ca", notPem);

        Assert.Equal((2, $"egov-bio: {notPem} is not a PEM certificate (--ca takes the server's server.crt)."), (exit, error.Trim()));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
