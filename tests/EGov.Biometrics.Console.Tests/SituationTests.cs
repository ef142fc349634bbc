using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>The Situation Center: desks online and offline as their agents come and go, counts that follow the desks' work live.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SituationTests(ConsoleSite site)
{
    [Fact]
    public async Task The_agent_desk_is_online_and_its_verification_count_moves_live()
    {
        await using var supervisorContext = await site.NewContextAsync();
        var situation = await ConsolePages.SignedInPageAsync(supervisorContext, ConsoleAccounts.Supervisor);
        await Expect(situation).ToHaveURLAsync(ConsolePages.Path("/situation"));
        var desk = situation.Locator($"tr[data-desk=\"{ConsoleSite.AgentDesk}\"]");
        await Expect(desk.GetByTestId("status")).ToHaveTextAsync("Online", new() { Timeout = 30_000 });
        var verificationsBefore = Count(await desk.GetByTestId("verifications").InnerTextAsync());

        // An operator at the desk verifies the citizen in front of it, in another browser.
        await using (var operatorContext = await site.NewContextAsync())
        {
            var deskPage = await ConsolePages.SignedInPageAsync(operatorContext, ConsoleAccounts.Operator8);
            await ConsolePages.WaitForInteractiveAsync(deskPage, "Verify");
            await deskPage.GetByLabel("PINFL", new() { Exact = true }).FillAsync(Citizens.AtDesk);
            await deskPage.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
            Assert.NotEmpty(await ConsolePages.OutcomeAsync(deskPage));
        }

        // No reload: the page updates itself.
        await Expect(desk.GetByTestId("verifications")).Not.ToHaveTextAsync(verificationsBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 20_000 });
        Assert.True(Count(await desk.GetByTestId("verifications").InnerTextAsync()) > verificationsBefore);

        // A visit counts when the agent's track of the visitor ends; on a loaded machine the agent's frame rate,
        // and so the first ended track, can take a while.
        await Expect(desk.GetByTestId("visits")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\s*[1-9][0-9]*\\s*$"), new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task A_desk_goes_offline_within_20_seconds_of_its_agent_stopping()
    {
        // A desk of its own: desk-8's agent stays up for the other tests.
        const string deskName = "desk-7";
        var agent = await site.StartAgentAsync(deskName, site.Vision.Person(5, 0));
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Supervisor);
        // The filter works once the page's live connection is up (it is disabled while the page is only prerendered).
        await Expect(page.GetByLabel("Filter desks")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await page.GetByLabel("Filter desks").FillAsync(deskName);
        var desk = page.Locator($"tr[data-desk=\"{deskName}\"]");
        await Expect(desk.GetByTestId("status")).ToHaveTextAsync("Online", new() { Timeout = 30_000 });
        await Expect(page.Locator($"tr[data-desk=\"{ConsoleSite.AgentDesk}\"]")).ToHaveCountAsync(0);

        await agent.StopAsync();

        await Expect(desk.GetByTestId("status")).ToHaveTextAsync("Offline", new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task An_auditor_may_watch_the_desks_too()
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Auditor);

        // The status code is known once the response commits; the rows are awaited below (a loaded machine is slow to "load").
        var response = await page.GotoAsync("/situation", new() { WaitUntil = WaitUntilState.Commit });

        Assert.Equal(200, response!.Status);
        await Expect(page.Locator($"tr[data-desk=\"{ConsoleSite.AgentDesk}\"]").GetByTestId("status")).ToHaveTextAsync("Online", new() { Timeout = 30_000 });
        Assert.True(await page.Locator("section[data-centre]").CountAsync() >= 1, "desks are grouped by centre");
    }

    private static int Count(string text) =>
        int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new Xunit.Sdk.XunitException($"'{text}' is not a count");
}
