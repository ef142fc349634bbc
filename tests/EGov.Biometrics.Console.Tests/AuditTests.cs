using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>An auditor reads the audit log: the chain verified, filters, the CSV export.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AuditTests(ConsoleSite site)
{
    [Fact]
    public async Task The_chain_is_verified_and_a_caller_filter_keeps_only_that_callers_entries()
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Auditor);
        await Expect(page).ToHaveURLAsync(ConsolePages.Path("/audit"));
        await Expect(page.GetByTestId("chain-status")).ToContainTextAsync("Verified", new() { Timeout = 30_000 });

        // operator9 signed in just now in a context of its own: that sign-in is audited under its own id.
        await using (var operatorContext = await site.NewContextAsync())
        {
            await ConsolePages.SignedInPageAsync(operatorContext, ConsoleAccounts.Operator9);
        }

        await page.GetByLabel("Caller", new() { Exact = true }).FillAsync("user:" + ConsoleAccounts.Operator9);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();

        var rows = page.GetByTestId("audit-rows").Locator("tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        foreach (var row in await rows.AllInnerTextsAsync())
        {
            Assert.Contains(ConsoleAccounts.Operator9, row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_export_link_gives_a_csv_with_a_header_row()
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Auditor);
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" });
        await Expect(link).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("audit/export\\.csv"));

        var response = await page.APIRequest.GetAsync("/audit/export.csv");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/csv", response.Headers["content-type"], StringComparison.Ordinal);
        var lines = (await response.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 1, "a header row and at least one entry");
        Assert.Contains("action", lines[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_export_whose_end_comes_before_its_start_is_refused_naming_the_problem()
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Auditor);

        var response = await page.APIRequest.GetAsync("/audit/export.csv?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z");

        Assert.Equal(400, response.Status);
        Assert.Contains("must come after its start", await response.TextAsync(), StringComparison.Ordinal);
    }
}
