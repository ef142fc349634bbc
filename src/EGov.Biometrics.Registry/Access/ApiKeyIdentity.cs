namespace EGov.Biometrics.Registry.Access;

/// <summary>An authenticated caller: its public id, its role, and the desk it is bound to (empty: none).</summary>
public sealed record ApiKeyIdentity(string KeyId, string Role, string Desk = "")
{
    public const int MaxDeskLength = 64;

    /// <summary>
    /// Checks a desk's name, the one rule for every place a desk is named (key and certificate bindings, people,
    /// <c>x-desk-id</c>, the desk stream, verify-at-desk): 1 to 64 letters (of any alphabet: "Окно-3"), digits, '-',
    /// '_' or '.', starting with a letter or digit, or empty for none. A desk name is written to the audit and shown in
    /// the console: no control characters, spaces or markup, nothing a path or a flag could mistake ("..", "-x").
    /// </summary>
    public static string RequireDesk(string? desk)
    {
        desk ??= string.Empty;
        if (desk.Length > MaxDeskLength)
        {
            throw new ArgumentException($"A desk name is at most {MaxDeskLength} characters, got {desk.Length}.", nameof(desk));
        }

        for (var i = 0; i < desk.Length; i++)
        {
            if (!(char.IsLetterOrDigit(desk[i]) || (i > 0 && desk[i] is '-' or '_' or '.')))
            {
                throw new ArgumentException(
                    $"A desk name takes letters, digits, '-', '_' and '.' only, and starts with a letter or digit; character {i + 1} is U+{(int)desk[i]:X4}.",
                    nameof(desk));
            }
        }

        return desk;
    }
}
