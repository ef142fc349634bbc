using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>A supervisor identifies a face (1:N) from an uploaded photo.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class IdentifyTests(ConsoleSite site)
{
    [Fact]
    public async Task A_second_photo_of_an_enrolled_citizen_lists_them_as_a_candidate()
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Supervisor);
        await page.GotoAsync("/identify");
        await ConsolePages.WaitForInteractiveAsync(page, "Identify");
        await Expect(page.GetByLabel("False match rate")).ToBeVisibleAsync();
        await page.GetByLabel("Candidates").FillAsync("3");

        await page.GetByLabel("Photo", new() { Exact = true }).SetInputFilesAsync(SamplePhotos.PortraitOf(SamplePhotos.SecondPhoto.Sample));
        // The upload reaches the server over the live connection; until it has, the page asks for a photo.
        var candidates = page.GetByTestId("candidates");
        for (var attempt = 0; attempt < 10 && await candidates.CountAsync() == 0; attempt++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Identify" }).ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }

        await Expect(candidates).ToContainTextAsync(Citizens.AtDesk, new() { Timeout = 30_000 });
        await Expect(candidates).Not.ToContainTextAsync(Citizens.Elsewhere);
    }
}
