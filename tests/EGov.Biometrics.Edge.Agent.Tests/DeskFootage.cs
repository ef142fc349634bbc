using EGov.Biometrics.Edge.TestSupport;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.Agent.Tests;

/// <summary>
/// Camera footage of a desk made from the sample photos: each visitor sits for a while (moving a little),
/// the chair stays empty for a moment between visitors. Written as an image folder or a video file.
/// </summary>
public sealed class DeskFootage(IReadOnlyList<(Mat? Person, int Frames)> segments)
{
    public int FrameCount => segments.Sum(s => s.Frames);

    /// <summary>Visitors one after another, each for <paramref name="frames"/> frames with <paramref name="gap"/> empty frames after.</summary>
    public static DeskFootage Visits(IEnumerable<Mat> visitors, int frames, int gap) =>
        new([.. visitors.SelectMany(v => new (Mat?, int)[] { (v, frames), (null, gap) })]);

    public void WriteFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        var index = 0;
        foreach (var frame in Frames())
        {
            using (frame)
            {
                Cv2.ImWrite(Path.Combine(folder, $"frame-{index++:D5}.jpg"), frame, new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
            }
        }
    }

    public void WriteVideo(string path, double fps)
    {
        using var writer = new VideoWriter(path, FourCC.MJPG, fps, new Size(DeskScene.Width, DeskScene.Height));
        if (!writer.IsOpened())
        {
            throw new InvalidOperationException("OpenCV cannot write Motion-JPEG AVI here.");
        }

        foreach (var frame in Frames())
        {
            using (frame)
            {
                writer.Write(frame);
            }
        }
    }

    private IEnumerable<Mat> Frames()
    {
        foreach (var (person, frames) in segments)
        {
            for (var i = 0; i < frames; i++)
            {
                // A seated person sways a few pixels; an empty chair is just the background.
                yield return person is null ? DeskScene.Frame() : DeskScene.Frame((person, (i % 5) - 2, (i % 3) - 1));
            }
        }
    }
}
