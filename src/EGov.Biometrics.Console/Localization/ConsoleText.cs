using System.Globalization;
using System.Security.Claims;
using EGov.Biometrics.Console.Security;

namespace EGov.Biometrics.Console.Localization;

/// <summary>
/// The console's words in the person's language (English, Russian, Uzbek in Latin script), looked up by their
/// English text. Tables in code, not satellite resources: the build keeps English satellites only and runs with
/// invariant globalization, and three small tables are easier to review side by side.
/// </summary>
public sealed class ConsoleText
{
    public const string English = "en";

    /// <summary>The languages a person may choose: code and the language's own name.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Languages = [(English, "English"), ("ru", "Русский"), ("uz", "Oʻzbekcha")];

    public static readonly ConsoleText Default = new(English);

    private readonly IReadOnlyDictionary<string, string>? _table;

    public ConsoleText(string? language)
    {
        Language = Languages.Any(l => l.Code == language) ? language! : English;
        _table = Language switch
        {
            "ru" => RussianText.Table,
            "uz" => UzbekText.Table,
            _ => null,
        };
    }

    public string Language { get; }

    /// <summary>The text in this language; English where no translation exists.</summary>
    public string this[string english] => _table?.GetValueOrDefault(english) ?? english;

    public static ConsoleText For(ClaimsPrincipal? user) => new(user?.FindFirst(PersonSession.LanguageClaim)?.Value);

    public string Format(string english, params object[] args) => string.Format(CultureInfo.InvariantCulture, this[english], args);
}
