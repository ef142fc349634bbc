namespace EGov.Biometrics.Console.Localization;

/// <summary>The console's words in Uzbek, by their English text (see <see cref="ConsoleText"/>).</summary>
internal static class UzbekText
{
    public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };
}
