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

    public static string PathOf(int sample) => ModelStore.Discover().AssetPath($"sample{sample}");

    /// <summary>Frames of a desk where <paramref name="person"/> sits, moving a little as a live camera shows it.</summary>
    public static List<Mat> DeskFrames(Mat person, int count) =>
        [.. Enumerable.Range(0, count).Select(i => DeskScene.Frame((person, (i % 5) - 2, (i % 3) - 1)))];

    /// <summary>One desk frame of <paramref name="person"/> written as a JPEG file (an upload or a camera frame).</summary>
    public static string WriteDeskPhoto(Mat person, string path)
    {
        using var frame = DeskScene.Frame((person, 0, 0));
        Cv2.ImWrite(path, frame, new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
        return path;
    }
}
