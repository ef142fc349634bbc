using EGov.Biometrics.Edge.Sources;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.Tests.Sources;

/// <summary>Small one-colour images that tell frames apart by their blue value.</summary>
public static class SolidImages
{
    /// <summary>Writes a 64x48 image whose pixels all hold <paramref name="blue"/> in the blue channel.</summary>
    public static void Write(string path, int blue)
    {
        using var image = new Mat(48, 64, MatType.CV_8UC3, new Scalar(blue, 40, 40));
        Cv2.ImWrite(path, image);
    }

    /// <summary>The blue value, to the nearest 10 (JPEG may move a solid colour by a step or two).</summary>
    public static int BlueOf(Frame frame) => (int)Math.Round(frame.Image.At<Vec3b>(24, 32).Item0 / 10.0) * 10;
}
