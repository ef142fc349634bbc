using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Cli.Output;

internal sealed record BoxJson(float X, float Y, float W, float H)
{
    public static BoxJson From(FaceBox b) => new(Round(b.X), Round(b.Y), Round(b.Width), Round(b.Height));

    internal static float Round(float v, int digits = 1) => MathF.Round(v, digits);
}
