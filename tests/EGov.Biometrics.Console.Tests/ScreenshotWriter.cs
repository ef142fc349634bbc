using Microsoft.Playwright;

namespace EGov.Biometrics.Console.Tests;

/// <summary>Full-page screenshots named SCREEN-LANG.png in $EGOV_SCREENSHOTS; nothing when that is not set.</summary>
public static class ScreenshotWriter
{
    public const string Variable = "EGOV_SCREENSHOTS";

    public static string? Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder ? folder : null;

    public static async Task WriteAsync(IPage page, string screen, string language)
    {
        if (Folder is not { } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{screen}-{language}.png"), FullPage = true });
    }
}
