namespace EGov.Biometrics.Registry.Subjects;

/// <summary>A citizen's personal identification number (PINFL): exactly 14 ASCII digits.</summary>
public static class Pinfl
{
    public static bool IsValid(string? value) => value is { Length: 14 } && value.All(char.IsAsciiDigit);

    public static string Require(string? value) =>
        IsValid(value) ? value! : throw new ArgumentException(Refusal(value), nameof(value));

    /// <summary>Why <paramref name="value"/> is not a PINFL, in words (bulk import reports it per row).</summary>
    public static string Refusal(string? value) => $"'{Shown(value)}' is not a PINFL: it must be exactly 14 digits.";

    private static string? Shown(string? value) => value is { Length: > 20 } ? value[..20] + "…" : value;
}
