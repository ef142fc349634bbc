using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>An operator at desk-8 verifies the citizen in front of the desk agent's camera, or the browser's camera.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DeskTests(ConsoleSite site)
{
    [Theory]
    [InlineData(Citizens.AtDesk, "Match", false)]
    [InlineData(Citizens.Elsewhere, "No match", false)]
    [InlineData(Citizens.Unknown, "Not enrolled", true)]
    public async Task The_desk_camera_verifies_the_claimed_pinfl(string pinfl, string expected, bool submitWithEnter)
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Operator8);
        await Expect(page).ToHaveURLAsync(ConsolePages.Path("/desk"));
        await ConsolePages.WaitForInteractiveAsync(page, "Verify");
        await Expect(page.GetByLabel("Desk camera")).ToBeCheckedAsync();

        var field = page.GetByLabel("PINFL", new() { Exact = true });
        await field.FillAsync(pinfl);
        if (submitWithEnter)
        {
            await field.PressAsync("Enter");
        }
        else
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        }

        var outcome = await ConsolePages.OutcomeAsync(page);
        Assert.True(outcome == expected, $"expected '{expected}', got '{outcome}'; details: {await ConsolePages.DetailsAsync(page)}");
        // An operator reads the decision, never the score: a score is what a forger's hill-climb needs (issue 12).
        await Expect(page.GetByTestId("details")).Not.ToContainTextAsync("Similarity");
        await Expect(page.GetByTestId("details")).ToContainTextAsync("FMR");
    }

    [Fact]
    public async Task The_browser_camera_takes_a_frame_and_verifies_it()
    {
        await using var context = await site.NewContextAsync();
        await context.GrantPermissionsAsync(["camera"]);
        // desk-9 has no agent: there the browser's camera is the source.
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Operator9);
        await ConsolePages.WaitForInteractiveAsync(page, "Verify");

        await page.GetByLabel("Browser camera").CheckAsync();
        // The fake camera (a Y4M of the citizen at the desk) plays once the page has it.
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('video'); return v && v.readyState >= 2 && v.videoWidth > 0; }");
        await page.GetByLabel("PINFL", new() { Exact = true }).FillAsync(Citizens.AtDesk);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        var outcome = await ConsolePages.OutcomeAsync(page);
        Assert.True(outcome == "Match", $"expected 'Match' from the fake camera's citizen, got '{outcome}'; details: {await ConsolePages.DetailsAsync(page)}");
    }

    [Fact]
    public async Task A_photo_at_a_desk_that_requires_the_active_check_is_refused_saying_why()
    {
        // desk-10: no agent, its active check on (the default): a still photo may not stand in for the camera.
        await site.CreateAccountAsync("operator10", EGov.Biometrics.Service.Access.Roles.Operator, "desk-10");
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, "operator10");
        await ConsolePages.WaitForInteractiveAsync(page, "Verify");

        await page.GetByLabel("Upload photo").CheckAsync();
        await page.GetByLabel("Photo", new() { Exact = true }).SetInputFilesAsync(SamplePhotos.PortraitOf(SamplePhotos.SecondPhoto.Sample));
        await page.GetByLabel("PINFL", new() { Exact = true }).FillAsync(Citizens.AtDesk);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(page.GetByTestId("outcome")).ToContainTextAsync("requires the active liveness check", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task A_desk_with_its_agent_online_verifies_from_its_camera_only()
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Operator8);
        await ConsolePages.WaitForInteractiveAsync(page, "Verify");

        // A photo or another camera would let an operator verify someone who is not at the desk.
        await Expect(page.GetByLabel("Desk camera")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Upload photo")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Browser camera")).ToHaveCountAsync(0);
    }
}
