using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>An enroller uploads photos: the quality gate's reasons before anything is stored, a duplicate refused, a new citizen enrolled.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class EnrolTests(ConsoleSite site)
{
    [Fact]
    public async Task A_photo_with_the_head_turned_is_refused_with_the_reason()
    {
        await using var context = await site.NewContextAsync();
        var page = await OpenAsync(context);

        await page.GetByLabel("Photo", new() { Exact = true }).SetInputFilesAsync(SamplePhotos.PortraitOf(SamplePhotos.HeadTurned));

        await Expect(page.GetByTestId("quality-feedback")).ToContainTextAsync("head turned");
    }

    [Fact]
    public async Task A_second_photo_of_an_enrolled_citizen_is_refused_as_a_possible_duplicate()
    {
        await using var context = await site.NewContextAsync();
        var page = await OpenAsync(context);
        await page.GetByLabel("PINFL", new() { Exact = true }).FillAsync("45555555555555");
        await page.GetByLabel("Photo", new() { Exact = true }).SetInputFilesAsync(SamplePhotos.PortraitOf(SamplePhotos.SecondPhoto.Sample));
        await Expect(page.GetByTestId("quality-feedback")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("enrol-result")).ToHaveTextAsync("A possible duplicate of an enrolled citizen: enrolment refused.", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task A_group_photo_is_refused_saying_it_shows_several_people()
    {
        await using var context = await site.NewContextAsync();
        var page = await OpenAsync(context);

        await page.GetByLabel("Photo", new() { Exact = true }).SetInputFilesAsync(SamplePhotos.PathOf(4));

        await Expect(page.GetByTestId("quality-feedback")).ToContainTextAsync("The photo shows 4 people");
    }

    [Fact]
    public async Task A_new_citizen_is_enrolled()
    {
        await using var context = await site.NewContextAsync();
        var page = await OpenAsync(context);
        await page.GetByLabel("PINFL", new() { Exact = true }).FillAsync("44444444444444");
        await page.GetByLabel("Photo", new() { Exact = true }).SetInputFilesAsync(SamplePhotos.PortraitOf(4));
        await Expect(page.GetByTestId("quality-feedback")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("enrol-result")).ToHaveTextAsync("Enrolled", new() { Timeout = 30_000 });
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context)
    {
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Enroller);
        await Expect(page).ToHaveURLAsync(ConsolePages.Path("/enrol"));
        await ConsolePages.WaitForInteractiveAsync(page, "Enrol");
        await page.GetByLabel("Upload photo").CheckAsync();
        return page;
    }
}
