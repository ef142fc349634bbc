namespace EGov.Biometrics.Console;

/// <summary>Where a return link may send a person: a path of this console only, never another site.</summary>
public static class LocalUrl
{
    /// <summary>A path starting with one '/' (not "//" or "/\", which browsers read as another host), without control characters.</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
