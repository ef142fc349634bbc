using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>What a signed-in person may not open, and forms posted without their anti-forgery token.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AccessTests(ConsoleSite site)
{
    [Theory]
    [InlineData("/audit")]
    [InlineData("/desk?desk=desk-9")]
    public async Task An_operator_bound_to_desk_8_is_denied_with_403(string path)
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Operator8);

        var response = await page.GotoAsync(path);

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Verify" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Sign_out_without_the_anti_forgery_token_is_refused_and_the_session_goes_on()
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Operator8);

        // The context's own cookies go with it, as a cross-site form would send them; the token does not.
        var refused = await page.APIRequest.PostAsync("/session/signout", new() { MaxRedirects = 0 });

        Assert.Equal(400, refused.Status);
        var again = await page.GotoAsync("/desk");
        Assert.Equal(200, again!.Status);
        await Expect(page).ToHaveURLAsync(ConsolePages.Path("/desk"));
        await Expect(page.GetByLabel("PINFL", new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_sign_in_form_posted_without_its_token_is_refused()
    {
        await using var context = await site.NewContextAsync();
        var form = context.APIRequest.CreateFormData();
        form.Set("_handler", "signin");
        form.Set("Input.Username", ConsoleAccounts.Supervisor);
        form.Set("Input.Password", ConsoleAccounts.Password);

        var response = await context.APIRequest.PostAsync("/signin", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(400, response.Status);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/situation");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    [Fact]
    public async Task Signing_out_with_the_form_ends_the_session()
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Enroller);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ConsolePages.Path("/signin"));
        await page.GotoAsync("/enrol");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    [Fact]
    public async Task An_open_page_acts_no_more_once_its_account_is_disabled()
    {
        await site.CreateAccountAsync("operator-left", EGov.Biometrics.Service.Access.Roles.Operator, "desk-9");
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, "operator-left");
        await ConsolePages.WaitForInteractiveAsync(page, "Verify");

        // An administrator disables the account while its desk page is open.
        await site.Services.GetRequiredService<EGov.Biometrics.Service.Access.People>().DisableAsync("operator-left", ConsoleSite.Installer);
        await page.GetByLabel("PINFL", new() { Exact = true }).FillAsync(Citizens.AtDesk);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(page.GetByTestId("outcome")).ToContainTextAsync("The session has ended", new() { Timeout = 30_000 });
    }
}
