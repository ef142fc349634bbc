using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// A registry-style portrait made from a face of a sample photo: the face box grown to 9:11 (times
/// <paramref name="Tightness"/>: below 1 the crop cuts into the face), shrunk to <paramref name="Width"/> pixels wide,
/// greyscale, saved as PNG and read back as an upload is. <paramref name="TrueFace"/> is the photo's face box in the
/// portrait's pixels, to check where a fallback put the face.
/// </summary>
public sealed record PortraitCrop(Mat Bgr, FaceBox TrueFace, float Tightness, int Width) : IDisposable
{
    public static PortraitCrop Cut(Mat photo, FaceBox face, float tightness = 1, int width = 90)
    {
        var height = (int)Math.Round(width * 11 / 9.0);
        var cropHeight = Math.Max(face.Height, face.Width * 11 / 9) * tightness;
        var cropWidth = cropHeight * 9 / 11;
        var region = new FaceBox(face.CenterX - (cropWidth / 2), face.CenterY - (cropHeight / 2), cropWidth, cropHeight);
        using var colour = ImageTensor.CropResized(photo, region, new Size(width, height));
        using var grey = new Mat();
        Cv2.CvtColor(colour, grey, ColorConversionCodes.BGR2GRAY);
        using var decoded = ImageDecoder.Decode(grey.ImEncode(".png"));
        var scale = width / cropWidth;
        var trueFace = new FaceBox((face.X - region.X) * scale, (face.Y - region.Y) * scale, face.Width * scale, face.Height * scale);
        return new PortraitCrop(decoded.Bgr.Clone(), trueFace, tightness, width);
    }

    public void Dispose() => Bgr.Dispose();
}
