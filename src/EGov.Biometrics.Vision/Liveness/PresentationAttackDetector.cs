using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Liveness;

/// <summary>
/// Passive presentation-attack detection on the face's context crop: the MiniFAS model and the screen and print
/// cues, combined by <see cref="PadCalibration"/> into one liveness score. The pipeline scores image probes with it;
/// the server scores the context crops a desk agent sends with <see cref="Assess"/>, frame by frame, and
/// <see cref="OverFrames"/> turns a visit's frames into one score. Thread-safe (the model's session is shared).
/// </summary>
public sealed class PresentationAttackDetector(MiniFasLivenessDetector miniFas, PadCalibration? calibration = null) : ILivenessDetector
{
    /// <summary>How the signals are combined and where the live threshold lies.</summary>
    public PadCalibration Calibration { get; } = calibration ?? PadCalibration.Default;

    /// <summary>The live score of the face in <paramref name="face"/>: high is bona fide.</summary>
    internal float Score(Mat bgr, FaceBox face)
    {
        using var context = LivenessContext.Crop(bgr, face);
        return Assess(context).Liveness;
    }

    /// <summary>Every signal of one context crop (a BGR image, normally <see cref="LivenessContext.Side"/> square).</summary>
    internal PadFrame Assess(Mat context)
    {
        using var square = context.Cols == LivenessContext.Side && context.Rows == LivenessContext.Side ? context.Clone() : Resized(context);
        var live = miniFas.ScoreContext(square);
        var cues = ScreenPrintCues.Measure(square);
        return new PadFrame(live, cues, Calibration.Combine(live, cues));
    }

    /// <summary>
    /// One score for several frames of the same visit: the median, so one odd frame (motion, a blink, a glint)
    /// neither refuses a citizen nor lets an attack through; no frames is no evidence (0).
    /// </summary>
    public static float OverFrames(IReadOnlyList<float> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            return 0;
        }

        var sorted = frames.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static Mat Resized(Mat context)
    {
        var square = new Mat();
        Cv2.Resize(context, square, new Size(LivenessContext.Side, LivenessContext.Side), 0, 0, InterpolationFlags.Area);
        return square;
    }

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    float ILivenessDetector.Score(Mat bgr, FaceBox face) => Score(bgr, face);
}
