using System.Text;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Audit;

namespace EGov.Biometrics.Service.Tests;

/// <summary>The audit log as auditors read it: filtered pages, the chain check, the CSV export and who may do each.</summary>
public sealed class AuditQueryTests : IDisposable
{
    private static readonly Caller Auditor = new("user:audra", Roles.Auditor, string.Empty);

    private readonly Domain _domain = new();
    private readonly AuditQuery _audit;

    public AuditQueryTests() => _audit = new AuditQuery(_domain.Registry);

    [Fact]
    public async Task Pages_are_newest_first_and_filtered_by_caller_action_desk_and_subject()
    {
        for (var i = 1; i <= 6; i++)
        {
            await _domain.Registry.RecordAsync(new AuditEntry(i % 2 == 0 ? "key:op" : "key:super", "operator", $"desk-{i % 3}", i <= 3 ? "verify" : "identify", $"3123456789012{i}", "match"));
        }

        Assert.Equal([6L, 5, 4], Seqs(_audit.Page(new AuditFilter(), long.MaxValue, 3, Auditor)));
        Assert.Equal([3L, 2, 1], Seqs(_audit.Page(new AuditFilter(), 4, 3, Auditor)));
        Assert.Equal([6L, 4, 2], Seqs(_audit.Page(new AuditFilter(Caller: "key:op"), long.MaxValue, 10, Domain.Admin)));
        Assert.Equal([3L, 2, 1], Seqs(_audit.Page(new AuditFilter(Action: "verify"), long.MaxValue, 10, Auditor)));
        Assert.Equal([4L, 1], Seqs(_audit.Page(new AuditFilter(Desk: "desk-1"), long.MaxValue, 10, Auditor)));
        Assert.Equal([5L], Seqs(_audit.Page(new AuditFilter(Subject: "31234567890125"), long.MaxValue, 10, Auditor)));
        Assert.Equal([4L], Seqs(_audit.Page(new AuditFilter(Caller: "key:op", Action: "identify", Desk: "desk-1"), long.MaxValue, 10, Auditor)));
        Assert.Equal([6L, 5, 4], Seqs(_audit.Page(new AuditFilter(Caller: string.Empty), long.MaxValue, 3, Auditor))); // empty: any
    }

    [Fact]
    public void Bad_pages_and_filters_are_refused_naming_the_problem()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Contains("1 to 500 entries", Assert.Throws<ArgumentException>(() => _audit.Page(new AuditFilter(), long.MaxValue, 501, Auditor)).Message, StringComparison.Ordinal);
        Assert.Contains("1 to 500 entries", Assert.Throws<ArgumentException>(() => _audit.Page(new AuditFilter(), long.MaxValue, 0, Auditor)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => _audit.Page(new AuditFilter(), 0, 10, Auditor));
        Assert.Contains("must come after its start", Assert.Throws<ArgumentException>(() => _audit.Page(new AuditFilter(From: now, To: now.AddHours(-1)), long.MaxValue, 10, Auditor)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_auditors_and_admins_read_the_audit()
    {
        foreach (var caller in new[] { Domain.Operator, Domain.Supervisor, Domain.Enroller })
        {
            Assert.StartsWith($"The {caller.Role} role may not call", Assert.Throws<AccessDeniedException>(() => _audit.Page(new AuditFilter(), long.MaxValue, 10, caller)).Message, StringComparison.Ordinal);
            Assert.Throws<AccessDeniedException>(() => _audit.VerifyChain(caller));
            await Assert.ThrowsAsync<AccessDeniedException>(() => _audit.ExportCsvAsync(new AuditFilter(), Stream.Null, caller));
        }

        Assert.Equal(0, _domain.Registry.AuditEntries()); // a refused export records nothing and exports nothing
    }

    [Fact]
    public async Task The_chain_check_finds_the_first_altered_entry()
    {
        await _domain.Registry.RecordAsync(new AuditEntry("key:a", "admin", string.Empty, "create-user", "x", "created"));
        await _domain.Registry.RecordAsync(new AuditEntry("key:a", "admin", string.Empty, "disable-user", "x", "disabled"));
        Assert.True(_audit.VerifyChain(Auditor).Intact);

        using (var connection = _domain.Database.Open())
        using (var edit = connection.CreateCommand())
        {
            edit.CommandText = "UPDATE audit SET decision = 'kept' WHERE seq = 2";
            edit.ExecuteNonQuery();
        }

        var verification = _audit.VerifyChain(Auditor);
        Assert.Equal(2, verification.FirstBadSeq);
        Assert.Contains("altered", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_export_quotes_per_rfc_4180_defuses_formulas_runs_oldest_first_and_is_audited()
    {
        await _domain.Registry.RecordAsync(new AuditEntry("=cmd|' /C calc'!A0", "operator", "desk-1", "sign-in", "=1+1", "refused", Details: "wrong-password; address 10.0.0.1"));
        await _domain.Registry.RecordAsync(new AuditEntry("key:op", "operator", "desk-1", "verify", "31234567890123", "match", 0.8125, 1e-4, "note \"quoted\", with comma\nand a line"));
        await _domain.Registry.RecordAsync(new AuditEntry("key:op", "operator", "desk-2", "verify", "@SUM(A1)", "no-match", -0.25, Details: "+plus and -minus"));

        using var output = new MemoryStream();
        await _audit.ExportCsvAsync(new AuditFilter(Desk: "desk-1"), output, Auditor);
        var csv = Encoding.UTF8.GetString(output.ToArray());
        var lines = csv.Split("\r\n");

        Assert.Equal(AuditCsv.Header, lines[0]);
        Assert.StartsWith("1,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",'=cmd|' /C calc'!A0,operator,desk-1,sign-in,'=1+1,refused,,,\"wrong-password; address 10.0.0.1\"", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",key:op,operator,desk-1,verify,31234567890123,match,0.8125,0.0001,\"note \"\"quoted\"\", with comma\nand a line\"", lines[2], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[3]); // the desk-2 entry is filtered out; the file ends with a line break
        Assert.Equal(4, lines.Length);
        Assert.NotEqual(0xEF, output.ToArray()[0]); // no byte-order mark

        var export = _audit.Page(new AuditFilter(Action: "export-audit"), long.MaxValue, 10, Auditor).Single();
        Assert.Equal(("user:audra", "exported", "desk desk-1"), (export.Entry.Caller, export.Entry.Decision, export.Entry.Details));

        using var everything = new MemoryStream();
        await _audit.ExportCsvAsync(new AuditFilter(), everything, Domain.Admin);
        var rows = Encoding.UTF8.GetString(everything.ToArray()).Split("\r\n");
        Assert.Contains(rows, r => r.Contains(",'@SUM(A1),no-match,-0.25,,'+plus and -minus", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(",export-audit,,exported,,,desk desk-1", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains(",exported,,,all entries", StringComparison.Ordinal)); // its own entry comes after the export
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("-2", "'-2")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("", "")]
    public void Text_cells_are_formula_safe_and_quoted_when_needed(string value, string cell) => Assert.Equal(cell, AuditCsv.Text(value));

    private static long[] Seqs(IEnumerable<StoredAuditEntry> entries) => [.. entries.Select(e => e.Seq)];

    public void Dispose() => _domain.Dispose();

    [Theory]
    [InlineData("x;=1+1;", "\"x;'=1+1;\"")]
    [InlineData("a;@SUM(A1);-2", "\"a;'@SUM(A1);'-2\"")]
    [InlineData("plain text", "plain text")]
    public void A_cell_starts_no_formula_even_in_a_spreadsheet_that_splits_on_semicolons(string value, string cell) =>
        Assert.Equal(cell, AuditCsv.Text(value));
}
