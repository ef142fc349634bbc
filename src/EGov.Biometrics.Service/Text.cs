namespace EGov.Biometrics.Service;

/// <summary>Caller-supplied text cut to a length before it is echoed, logged or stored.</summary>
internal static class Text
{
    /// <summary>How much of a caller-supplied identifier (model id, agent version) is echoed or kept.</summary>
    public const int NameLength = 64;

    public static string Bounded(string text, int length) => text.Length <= length ? text : text[..length];
}
