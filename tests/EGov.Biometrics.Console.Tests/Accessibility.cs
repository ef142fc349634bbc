using System.Text.Json;
using Microsoft.Playwright;

namespace EGov.Biometrics.Console.Tests;

/// <summary>axe-core (from npm, see package.json) run inside a page; serious and critical violations fail a test.</summary>
public static class Accessibility
{
    private static readonly string Script = Path.Combine(ProjectFolder(), "node_modules", "axe-core", "axe.min.js");

    /// <summary>The serious and critical violations on the page, one line each: rule id, impact, and the offending elements.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        if (!File.Exists(Script))
        {
            throw new InvalidOperationException($"axe-core is missing at {Script}: run ./build.sh setup (it runs npm ci in tests/EGov.Biometrics.Console.Tests).");
        }

        await page.AddScriptTagAsync(new() { Path = Script });
        var json = await page.EvaluateAsync<string>(
            """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' ')) })));
            }
            """);
        return JsonSerializer.Deserialize<List<Violation>>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!
            .Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Targets)}")
            .ToList();
    }

    // The test project's folder (where package.json and node_modules are), found above the test binaries.
    private static string ProjectFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "package.json")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No package.json above {AppContext.BaseDirectory}: the console tests run from their build output in the repository.");
    }

    private sealed record Violation(string Id, string Impact, List<string> Targets);
}
