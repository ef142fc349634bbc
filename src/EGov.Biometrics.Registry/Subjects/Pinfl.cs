namespace EGov.Biometrics.Registry.Subjects;

/// <summary>A citizen's personal identification number (PINFL): exactly 14 ASCII digits.</summary>
public static class Pinfl
{
    public static bool IsValid(string? value) => value is { Length: 14 } && value.All(char.IsAsciiDigit);

    public static string Require(string? value) =>
        IsValid(value) ? value! : throw new ArgumentException($"'{Shown(value)}' is not a PINFL: it must be exactly 14 digits.", nameof(value));

    private static string? Shown(string? value) => value is { Length: > 20 } ? value[..20] + "…" : value;
}
