using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>Signing in: each role's start page, one message for every wrong credential, lockout, the page's languages.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(ConsoleSite site)
{
    [Theory]
    [InlineData(ConsoleAccounts.Operator8, "/desk")]
    [InlineData(ConsoleAccounts.Enroller, "/enrol")]
    [InlineData(ConsoleAccounts.Supervisor, "/situation")]
    [InlineData(ConsoleAccounts.Auditor, "/audit")]
    public async Task Each_role_lands_on_its_start_page(string username, string start)
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, username);

        await Expect(page).ToHaveURLAsync(ConsolePages.Path(start));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_message()
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();

        await ConsolePages.SubmitSignInAsync(page, ConsoleAccounts.Supervisor, "not-the-password-at-all");
        var wrongPassword = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        await ConsolePages.SubmitSignInAsync(page, "nobody-of-that-name", "not-the-password-at-all");
        var unknownUser = await page.GetByRole(AriaRole.Alert).InnerTextAsync();

        Assert.Equal("Wrong user name or password.", wrongPassword.Trim());
        Assert.Equal(wrongPassword, unknownUser);
        await Expect(page).ToHaveURLAsync(ConsolePages.Path("/signin"));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused_too()
    {
        await site.CreateAccountAsync("lockout1", Service.Access.Roles.Supervisor);
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await ConsolePages.SubmitSignInAsync(page, "lockout1", $"wrong-password-number-{attempt}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        }

        await ConsolePages.SubmitSignInAsync(page, "lockout1", ConsoleAccounts.Password);

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This account is locked for 15 minutes.");
        await Expect(page).ToHaveURLAsync(ConsolePages.Path("/signin"));
        await page.GotoAsync("/situation");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    [Theory]
    [InlineData("ru", "Войти")]
    [InlineData("uz", "Kirish")]
    public async Task A_language_link_switches_the_page_labels(string language, string signIn)
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await page.Locator($"a[lang={language}]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"lang={language}"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = signIn })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToHaveCountAsync(0);
    }
}
