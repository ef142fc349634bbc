using EGov.Biometrics.Vision.Detection;

namespace EGov.Biometrics.Cli.Output;

/// <summary>The <c>"detection"</c> value of a face in the JSON output: how it was found, in lower case.</summary>
internal static class DetectionJson
{
    public static string Name(DetectionMethod method) => method.ToString().ToLowerInvariant();
}
