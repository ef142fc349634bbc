using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Liveness;

/// <summary>
/// The face with its surroundings, where screen edges, paper borders, moiré and glare show: the detection box
/// scaled up (2.7 times for MiniFAS, at most as far as the image allows) and shifted to stay inside the image,
/// resampled to a fixed square. The edge agent sends these crops (lossless) so the server scores liveness itself.
/// </summary>
public static class LivenessContext
{
    /// <summary>The side of the crop an agent sends and the server scores (twice MiniFAS's input: moiré needs the detail).</summary>
    public const int Side = 256;

    /// <summary>How far around the face the crop reaches (the MiniFAS convention).</summary>
    public const float Scale = 2.7f;

    /// <summary>The box scaled up (at most as far as the image allows) and shifted to stay inside the image.</summary>
    public static FaceBox Region(FaceBox face, int imageWidth, int imageHeight, float scale = Scale)
    {
        var fit = Math.Min(scale, Math.Min((imageHeight - 1) / face.Height, (imageWidth - 1) / face.Width));
        var (w, h) = (face.Width * fit, face.Height * fit);
        var x = Math.Clamp(face.CenterX - (w / 2), 0, Math.Max(0, imageWidth - 1 - w));
        var y = Math.Clamp(face.CenterY - (h / 2), 0, Math.Max(0, imageHeight - 1 - h));
        return new FaceBox(x, y, w, h);
    }

    /// <summary>The context crop of <paramref name="face"/> as a <see cref="Side"/>-pixel square BGR image (the caller disposes it).</summary>
    internal static Mat Crop(Mat bgr, FaceBox face, float scale = Scale) =>
        ImageTensor.CropResized(bgr, Region(face, bgr.Cols, bgr.Rows, scale), new Size(Side, Side));
}
