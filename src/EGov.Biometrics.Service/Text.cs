namespace EGov.Biometrics.Service;

/// <summary>Caller-supplied text cut to a length before it is echoed, logged or stored.</summary>
internal static class Text
{
    public static string Bounded(string text, int length) => text.Length <= length ? text : text[..length];
}
