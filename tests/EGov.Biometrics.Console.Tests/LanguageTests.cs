using EGov.Biometrics.Service.Access;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>
/// Every screen in English, Russian and Uzbek, switched with the layout's language form (the sign-in page: its
/// links); with EGOV_SCREENSHOTS=DIR each is saved as DIR/SCREEN-LANG.png.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class LanguageTests(ConsoleSite site)
{
    private static readonly string[] Languages = ["en", "ru", "uz"];

    public static TheoryData<string, string, string> Screens => new()
    {
        { "desk", Roles.Operator, ConsoleSite.AgentDesk },
        { "enrol", Roles.Enroller, string.Empty },
        { "identify", Roles.Supervisor, string.Empty },
        { "situation", Roles.Supervisor, string.Empty },
        { "audit", Roles.Auditor, string.Empty },
    };

    [Fact]
    public async Task The_sign_in_page_is_shown_in_each_language()
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        var titles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var language in Languages)
        {
            await page.GotoAsync($"/signin?lang={language}");
            titles.Add(await page.Locator("h1").InnerTextAsync());
            await ScreenshotWriter.WriteAsync(page, "signin", language);
        }

        Assert.Equal(Languages.Length, titles.Count);
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task A_screen_is_shown_in_each_language_chosen_in_the_layout(string screen, string role, string desk)
    {
        // An account of its own: the language is saved on the account, the shared ones stay in English.
        var username = $"lang-{screen}";
        await site.CreateAccountAsync(username, role, desk);
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, username);
        var headings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var language in Languages)
        {
            await page.GotoAsync("/" + screen);
            if (await page.Locator("html").GetAttributeAsync("lang") != language)
            {
                await page.Locator("select#language").SelectOptionAsync(language);
                await page.WaitForURLAsync(url => url.Contains("/" + screen, StringComparison.Ordinal));
            }

            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            headings[language] = await page.Locator("h1").First.InnerTextAsync();
            await ScreenshotWriter.WriteAsync(page, screen, language);
        }

        // Uzbek may share a word with English ("Audit"); Russian never does.
        Assert.NotEqual(headings["en"], headings["ru"]);
    }
}
