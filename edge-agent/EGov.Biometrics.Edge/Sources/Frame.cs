using OpenCvSharp;

namespace EGov.Biometrics.Edge.Sources;

/// <summary>
/// One BGR image from a source, when it was captured and its place in the stream.
/// The consumer owns the frame and disposes it (which releases the pixels).
/// </summary>
public sealed class Frame(Mat image, DateTimeOffset capturedAt, long index) : IDisposable
{
    public Mat Image { get; } = image;

    /// <summary>Capture time (UTC): the clock at capture for live sources, the position in the file for video files.</summary>
    public DateTimeOffset CapturedAt { get; } = capturedAt;

    /// <summary>0, 1, 2, … in the order the source produced the frames.</summary>
    public long Index { get; } = index;

    /// <summary>The same pixels and time under another index; ownership of the pixels moves to the new frame.</summary>
    internal Frame WithIndex(long index) => new(Image, CapturedAt, index);

    public void Dispose() => Image.Dispose();
}
