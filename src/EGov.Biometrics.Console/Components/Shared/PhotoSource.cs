namespace EGov.Biometrics.Console.Components.Shared;

/// <summary>Where a console page takes a face from: the desk's edge agent, the browser's camera, or an uploaded photo.</summary>
public enum PhotoSource
{
    Desk,
    BrowserCamera,
    Upload,
}
