using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Vision.Models;
using OpenCvSharp;

namespace EGov.Biometrics.Console.Tests;

/// <summary>
/// Which sample photos (models/cache/assets) the console tests use. The largest face of sample3 is the same
/// person as the largest face of <see cref="Enrolled"/> (the enrolment's duplicate check refuses it), so sample3
/// is that citizen's second photo: the cameras show it, the enrolment used the other.
/// </summary>
public static class SamplePhotos
{
    /// <summary>The photo <see cref="Citizens.AtDesk"/> was enrolled from.</summary>
    public const int Enrolled = 1;

    /// <summary>A second photo of the same person, as a head-and-shoulders patch (sample, face index); cosine 0.70 to the enrolled face, below 0.08 to the others.</summary>
    public static readonly (int Sample, int Face) SecondPhoto = (3, 0);

    /// <summary>The photo <see cref="Citizens.Elsewhere"/> was enrolled from.</summary>
    public const int Elsewhere = 5;

    /// <summary>A face turned away: the enrolment's quality gate refuses it ("head turned").</summary>
    public const int HeadTurned = 2;

    /// <summary>The whole group photo (3 to 5 people): what a camera sees; enrolment and verification refuse it as an upload.</summary>
    public static string PathOf(int sample) => ModelStore.Discover().AssetPath($"sample{sample}");

    /// <summary>The one-person portrait of the photo's largest face: what is uploaded to enrol, verify or identify.</summary>
    public static string PortraitOf(int sample) => SamplePortraits.PathOf(sample);

    /// <summary>Frames of a desk where <paramref name="person"/> sits, moving a little as a live camera shows it.</summary>
    public static List<Mat> DeskFrames(Mat person, int count) =>
        [.. Enumerable.Range(0, count).Select(i => DeskScene.Frame((person, (i % 5) - 2, (i % 3) - 1)))];

    /// <summary>
    /// Camera frames (640x480) cut from the photo's one-person portrait around its face, shifted a pixel or two between
    /// frames: the photo's own surroundings, not a patch pasted on a plain background (the liveness check refuses such
    /// a cut-out), and no bystanders (a browser-camera frame is an uploaded photo: one person only).
    /// </summary>
    public static List<Mat> CameraFrames(EdgeVisionFixture vision, int sample, int count)
    {
        using var photo = EGov.Biometrics.Vision.Imaging.ImageDecoder.DecodeFile(PortraitOf(sample));
        var image = photo.Bgr;
        var face = vision.Pipeline.Detector.Detect(image).Select(d => d.Box).OrderByDescending(b => b.Area).First();
        var scale = Math.Max((double)DeskScene.Width / image.Cols, (double)DeskScene.Height / image.Rows);
        using var scaled = new Mat();
        Cv2.Resize(image, scaled, new Size((int)Math.Ceiling(image.Cols * scale), (int)Math.Ceiling(image.Rows * scale)), 0, 0, InterpolationFlags.Area);
        var centreX = (face.X + (face.Width / 2)) * scale;
        var centreY = (face.Y + (face.Height / 2)) * scale;
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var x = (int)Math.Clamp(centreX - (DeskScene.Width / 2) + (i % 3) - 1, 0, scaled.Cols - DeskScene.Width);
            var y = (int)Math.Clamp(centreY - (DeskScene.Height / 2) + (i % 2), 0, scaled.Rows - DeskScene.Height);
            return new Mat(scaled, new Rect(x, y, DeskScene.Width, DeskScene.Height)).Clone();
        })];
    }

    /// <summary>One desk frame of <paramref name="person"/> written as a JPEG file (an upload or a camera frame).</summary>
    public static string WriteDeskPhoto(Mat person, string path)
    {
        using var frame = DeskScene.Frame((person, 0, 0));
        Cv2.ImWrite(path, frame, new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
        return path;
    }
}
