using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EGov.Biometrics.Console.Tests;

/// <summary>axe-core finds no serious or critical violation on any screen; the desk form works from the keyboard with visible focus.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AccessibilityTests(ConsoleSite site)
{
    public static TheoryData<string, string?> Screens => new()
    {
        { "/signin", null },
        { "/desk", ConsoleAccounts.Operator8 },
        { "/enrol", ConsoleAccounts.Enroller },
        { "/identify", ConsoleAccounts.Supervisor },
        { "/situation", ConsoleAccounts.Supervisor },
        { "/audit", ConsoleAccounts.Auditor },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task A_screen_has_no_serious_accessibility_violation(string path, string? username)
    {
        await using var context = await site.NewContextAsync();
        var page = username is null ? await context.NewPageAsync() : await ConsolePages.SignedInPageAsync(context, username);
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("h1").First).ToBeVisibleAsync();

        var violations = await Accessibility.SeriousViolationsAsync(page);

        Assert.True(violations.Count == 0, $"{path}: {violations.Count} serious or critical axe violations:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public async Task Tab_reaches_the_pinfl_field_and_the_verify_button_with_a_visible_focus()
    {
        await using var context = await site.NewContextAsync();
        var page = await ConsolePages.SignedInPageAsync(context, ConsoleAccounts.Operator8);
        await ConsolePages.WaitForInteractiveAsync(page, "Verify");
        // From the top of the page, as a keyboard user arrives (the field's autofocus is not what is tested).
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");

        var pinfl = await TabUntilAsync(page, "el => el.id === 'pinfl'");
        var verify = await TabUntilAsync(page, "el => el.tagName === 'BUTTON' && el.textContent.trim() === 'Verify'");

        Assert.True(pinfl.Reached, "Tab never reached the PINFL field");
        Assert.True(verify.Reached, "Tab never reached the Verify button");
        Assert.True(pinfl.FocusVisible, $"the focused PINFL field shows no focus: {pinfl.Style}");
        Assert.True(verify.FocusVisible, $"the focused Verify button shows no focus: {verify.Style}");
    }

    // Presses Tab (at most 40 times) until the focused element satisfies the predicate; reports its focus style.
    private static async Task<(bool Reached, bool FocusVisible, string Style)> TabUntilAsync(IPage page, string predicate)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var style = await page.EvaluateAsync<string?>(
                $$"""
                () => {
                  const el = document.activeElement;
                  if (!el || !({{predicate}})(el)) return null;
                  const s = getComputedStyle(el);
                  return `${s.outlineStyle}|${s.outlineWidth}|${s.boxShadow}`;
                }
                """);
            if (style is not null)
            {
                var parts = style.Split('|');
                var outlined = parts[0] != "none" && parts[1] != "0px";
                return (true, outlined, style);
            }
        }

        return (false, false, string.Empty);
    }
}
