using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>What the tests do on the console's pages over and over: sign in, wait for the live connection, read outcomes.</summary>
public static partial class ConsolePages
{
    /// <summary>Fills and posts the sign-in form; returns the response to the form's post (or the page it led to).</summary>
    public static async Task SubmitSignInAsync(IPage page, string username, string password)
    {
        if (!page.Url.Contains("/signin", StringComparison.Ordinal))
        {
            await page.GotoAsync("/signin");
        }

        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>Signs in with the shared password and waits until the console has left the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, string username)
    {
        await page.GotoAsync("/signin");
        await SubmitSignInAsync(page, username, ConsoleAccounts.Password);
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    /// <summary>A new context signed in as <paramref name="username"/>, on its start page.</summary>
    public static async Task<IPage> SignedInPageAsync(IBrowserContext context, string username)
    {
        var page = await context.NewPageAsync();
        await SignInAsync(page, username);
        return page;
    }

    /// <summary>Waits until the page's live (interactive) connection is up: its submit button is enabled then.</summary>
    public static async Task WaitForInteractiveAsync(IPage page, string button)
    {
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true })).ToBeEnabledAsync(new() { Timeout = 30_000 });
    }

    /// <summary>The outcome of a desk verification once one is shown (the previous one is cleared by a new attempt).</summary>
    public static async Task<string> OutcomeAsync(IPage page, int timeoutMs = 45_000)
    {
        var outcome = page.GetByTestId("outcome");
        await outcome.WaitForAsync(new() { Timeout = timeoutMs });
        return (await outcome.InnerTextAsync()).Trim();
    }

    /// <summary>The text of the whole results panel, for assertion messages.</summary>
    public static async Task<string> DetailsAsync(IPage page) =>
        await page.GetByTestId("details").CountAsync() > 0 ? await page.GetByTestId("details").InnerTextAsync() : "(no details)";

    /// <summary>Matches the start page a role lands on after signing in.</summary>
    public static Regex Path(string path) => new($"^{Regex.Escape("https://")}[^/]+{Regex.Escape(path)}(\\?.*)?$");
}
