using OpenCvSharp;

namespace EGov.Biometrics.Edge.TestSupport;

/// <summary>
/// Frames of a service desk as the camera sees it: a plain background with a person's patch pasted at the
/// chair's place, shifted, brightened or blurred a little as a live camera would show them.
/// </summary>
public static class DeskScene
{
    public const int PatchSide = 240;
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>Where the chair puts the person's patch (top-left corner).</summary>
    public static Point Chair { get; } = new(200, 100);

    /// <summary>One frame with <paramref name="people"/> pasted at their positions (offsets from the chair).</summary>
    public static Mat Frame(params (Mat Person, int Dx, int Dy)[] people) => Frame(1.0, 0, people);

    /// <summary>One frame; <paramref name="gain"/> scales brightness, <paramref name="blurSigma"/> &gt; 0 blurs it (motion, focus).</summary>
    public static Mat Frame(double gain, double blurSigma, params (Mat Person, int Dx, int Dy)[] people)
    {
        var frame = new Mat(Height, Width, MatType.CV_8UC3, new Scalar(118, 124, 131));
        foreach (var (person, dx, dy) in people)
        {
            var x = Math.Clamp(Chair.X + dx, 0, Width - PatchSide);
            var y = Math.Clamp(Chair.Y + dy, 0, Height - PatchSide);
            using var place = new Mat(frame, new Rect(x, y, PatchSide, PatchSide));
            person.ConvertTo(place, -1, gain, 0);
        }

        if (blurSigma > 0)
        {
            Cv2.GaussianBlur(frame, frame, new Size(0, 0), blurSigma);
        }

        return frame;
    }
}
