using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>
/// The Situation Center as a supervisor's browser sees it (Debian's Chromium, headless, through Playwright):
/// how long the first page of desks takes to render, and how long a desk's change takes to reach the page.
/// </summary>
internal sealed partial class SituationPageTimer : IAsyncDisposable
{
    /// <summary>Desks the page shows at a time.</summary>
    public const int PageSize = EGov.Biometrics.Console.Components.Pages.Situation.PageSize;

    private const string Rows = "tr[data-desk]";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private int _watching;

    private SituationPageTimer(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
    }

    /// <summary>Launches the browser and signs in at <paramref name="address"/>'s /signin (the server's self-signed certificate is accepted).</summary>
    public static async Task<SituationPageTimer> SignInAsync(string chromium, string address, string username, string password)
    {
        if (!File.Exists(chromium))
        {
            throw new FileNotFoundException($"No browser at {chromium}: install Debian's chromium package (./build.sh setup does) or pass --chromium.", chromium);
        }

        var playwright = await Playwright.CreateAsync();
        IBrowser? browser = null;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
            var context = await browser.NewContextAsync(new() { BaseURL = address, IgnoreHTTPSErrors = true, Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 } });
            context.SetDefaultTimeout(60_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/signin");
            await page.GetByLabel("Username").FillAsync(username);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
            return new SituationPageTimer(playwright, browser, page);
        }
        catch
        {
            if (browser is not null)
            {
                await browser.CloseAsync();
            }

            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads /situation and returns the milliseconds from the navigation's start (the document's time origin)
    /// to the moment the first <paramref name="rows"/> desk rows are laid out, read in the page itself: a
    /// script that runs before the page's own watches the document as it is parsed and notes the time when
    /// the last of those rows has a laid-out height (a poll from the driver would add its own round trips).
    /// </summary>
    public async Task<double> FirstRenderAsync(int rows)
    {
        if (_watching != rows)
        {
            await _page.AddInitScriptAsync(RowWatcher.Replace("ROWS", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            _watching = rows;
        }

        await _page.GotoAsync("/situation", new() { WaitUntil = WaitUntilState.Commit });
        IJSHandle at;
        try
        {
            at = await _page.WaitForFunctionAsync("() => window.__egovRowsAt ?? false");
        }
        catch (TimeoutException e)
        {
            var shown = await _page.Locator(Rows).CountAsync();
            throw new InvalidOperationException($"{_page.Url} showed {shown} desk rows (tr[data-desk]), not {rows}, within the timeout: is the Situation Center in this build, {PageSize} desks a page?", e);
        }

        var rendered = await at.JsonValueAsync<double>();
        await _page.WaitForLoadStateAsync(LoadState.Load);
        LastBreakdown = await _page.EvaluateAsync<double[]>(
            "() => { const n = performance.getEntriesByType('navigation')[0]; const p = performance.getEntriesByName('first-contentful-paint')[0]; return [n.requestStart, n.responseStart, n.responseEnd, n.domContentLoadedEventEnd, p ? p.startTime : -1]; }");
        return rendered;
    }

    /// <summary>The last load's navigation timing (ms from its start): request sent, first byte, document received, DOMContentLoaded, first contentful paint (-1: none recorded).</summary>
    public double[] LastBreakdown { get; private set; } = [];

    // Runs in every document before its own scripts; ROWS is replaced by the row count awaited.
    private const string RowWatcher = """
        window.__egovRowsAt = null;
        new MutationObserver((_, observer) => {
            const rows = document.querySelectorAll('tr[data-desk]');
            if (rows.length >= ROWS && rows[ROWS - 1].getBoundingClientRect().height > 0) {
                window.__egovRowsAt = performance.now();
                observer.disconnect();
            }
        }).observe(document, { childList: true, subtree: true });
        """;

    /// <summary>The desks in the page's rows, in page order, with the status each shows.</summary>
    public async Task<IReadOnlyList<(string Desk, string Status)>> RowsAsync()
    {
        var rows = await _page.EvalOnSelectorAllAsync<string[][]>(
            Rows, "rows => rows.map(r => [r.dataset.desk, (r.querySelector('[data-testid=status]')?.textContent ?? '').trim()])");
        return [.. rows.Select(r => (r[0], r[1]))];
    }

    /// <summary>The total the page shows ("N / M": desks online of all desks), as two numbers; null when it shows none.</summary>
    public async Task<(int Online, int Desks)?> OnlineCountAsync()
    {
        var count = _page.GetByTestId("online-count");
        if (await count.CountAsync() == 0)
        {
            return null;
        }

        var match = Total().Match((await count.First.InnerTextAsync()).Replace(",", string.Empty, StringComparison.Ordinal).Replace("\u00a0", string.Empty, StringComparison.Ordinal));
        return match.Success ? (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>
    /// Milliseconds from <paramref name="change"/> (run here, e.g. stopping the desk's stream) until the row of
    /// <paramref name="desk"/> shows <paramref name="status"/>; the page is polled every animation frame.
    /// </summary>
    public async Task<double> TimeUntilStatusAsync(string desk, string status, Func<Task> change, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        await change();
        await _page.WaitForFunctionAsync(
            "([desk, status]) => (document.querySelector(`tr[data-desk=\"${desk}\"] [data-testid=status]`)?.textContent ?? '').trim() === status",
            new[] { desk, status },
            new() { Timeout = (float)timeout.TotalMilliseconds });
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    [GeneratedRegex(@"(\d+)\s*/\s*(\d+)")]
    private static partial Regex Total();
}
