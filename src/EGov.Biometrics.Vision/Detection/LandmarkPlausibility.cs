using System.Globalization;
using System.Numerics;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>
/// The rule that accepts a face placed from landmarks alone (<see cref="DetectionMethod.Landmarks"/>). The landmark model
/// answers 68 points for any input, a wall as well as a face; where it sees no face it returns roughly its mean face,
/// framed by the box it was given, so the points' geometry alone proves little. Two checks, both must pass:
/// <list type="number">
/// <item>Geometry of a frontal face that fills a portrait: eyes level within <see cref="MaxRollDegrees"/>; inter-eye
/// distance 15–75 % of the image width; the nose tip between the eyes along the eye line (−0.2 to 1.2 of the way) and
/// 0.15–1.2 inter-eye distances below it; the mouth centre 0–1.3 inter-eye distances below the nose; the face box at
/// least 45 % of the image height.</item>
/// <item>Anchoring, which gives the confidence: the model is run again on the box shifted right by 12 % of its height,
/// shifted down by as much, and enlarged 1.2 times. Points on a face stay where the face is; points of a model that
/// sees no face move with the box. For each of the three, the ratio of the points' mean motion to the motion of points
/// fixed to the box; confidence = 1 − the largest ratio, clamped to [0, 1], accepted from
/// <see cref="PortraitFallbackOptions.MinLandmarkConfidence"/> (0.55, a largest ratio of 0.45).</item>
/// </list>
/// Measured while choosing the rule: on 600 LFW portrait crops with the face filling 70 % to 170 % of the frame, the
/// largest ratio had a median of 0.22–0.45; on 57 synthetic textures and 90 face-free patches of the sample photos it
/// was never below 0.67; blurred noise came closest (3 of 1,680 noise images reached a confidence of 0.47–0.49).
/// </summary>
public static class LandmarkPlausibility
{
    /// <summary>Landmarks tilted further than this (in degrees) are refused.</summary>
    public const float MaxRollDegrees = 30;

    /// <summary>Shift of the re-framed boxes, as a fraction of the box height.</summary>
    private const float Shift = 0.12f;

    /// <summary>Enlargement of the third re-framed box.</summary>
    private const float Zoom = 1.2f;

    /// <summary>Judges <paramref name="landmarks"/> located in <paramref name="box"/> of <paramref name="bgr"/>.</summary>
    internal static LandmarkVerdict Judge(IFaceLandmarker landmarker, Mat bgr, FaceBox box, FaceLandmarks landmarks, float minConfidence)
    {
        ArgumentNullException.ThrowIfNull(landmarker);
        ArgumentNullException.ThrowIfNull(bgr);
        ArgumentNullException.ThrowIfNull(landmarks);
        if (GeometryProblem(landmarks, box, bgr.Cols, bgr.Rows) is { } problem)
        {
            return new LandmarkVerdict(box, 0, problem);
        }

        var confidence = Anchoring(landmarker, bgr, box, landmarks.Points68);
        return confidence >= minConfidence
            ? new LandmarkVerdict(box, confidence, null)
            : new LandmarkVerdict(box, confidence, string.Create(
                CultureInfo.InvariantCulture, $"the landmarks move with the box instead of staying on the image (confidence {confidence:F2} < {minConfidence:F2})"));
    }

    /// <summary>Why the points are not a frontal face filling a portrait of <paramref name="width"/> x <paramref name="height"/>, or null.</summary>
    internal static string? GeometryProblem(FaceLandmarks landmarks, FaceBox box, int width, int height)
    {
        var p = landmarks.Points68;
        var (left, right) = (landmarks.LeftEye, landmarks.RightEye);
        var eyes = right - left;
        var interEye = eyes.Length();
        if (interEye < 1e-3f)
        {
            return "the eyes coincide";
        }

        var roll = MathF.Atan2(eyes.Y, eyes.X) * 180 / MathF.PI;
        var across = Vector2.Dot(p[30] - left, eyes) / (interEye * interEye);
        var eyeLineY = (left.Y + right.Y) / 2;
        var noseBelowEyes = (p[30].Y - eyeLineY) / interEye;
        var mouthBelowNose = (((p[48].Y + p[54].Y) / 2) - p[30].Y) / interEye;
        return Math.Abs(roll) > MaxRollDegrees ? Say($"the eyes are tilted {roll:F0}° (at most {MaxRollDegrees:F0}°)")
            : interEye < 0.15f * width || interEye > 0.75f * width ? Say($"the inter-eye distance is {interEye / width:P0} of the image width (15–75 % in a portrait)")
            : across < -0.2f || across > 1.2f ? "the nose is not between the eyes"
            : noseBelowEyes < 0.15f || noseBelowEyes > 1.2f ? "the nose is not below the eyes"
            : mouthBelowNose < 0 || mouthBelowNose > 1.3f ? "the mouth is not below the nose"
            : box.Height < 0.45f * height ? Say($"the face is {box.Height / height:P0} of the image height (at least 45 % in a portrait)")
            : null;
    }

    /// <summary>
    /// How firmly <paramref name="points"/>, located in <paramref name="box"/>, sit on the image: 1 − the largest ratio, over
    /// three re-framings of the box, of the points' motion to the motion of points fixed to the box; clamped to [0, 1].
    /// 1: the points stay on the image; 0: they move with the box (or further).
    /// </summary>
    internal static float Anchoring(IFaceLandmarker landmarker, Mat bgr, FaceBox box, IReadOnlyList<Vector2> points) =>
        Math.Clamp(1 - FollowRatio(landmarker, bgr, box, points), 0, 1);

    /// <summary>The largest, over three re-framings of <paramref name="box"/>, of the points' motion over the motion of points fixed to the box.</summary>
    internal static float FollowRatio(IFaceLandmarker landmarker, Mat bgr, FaceBox box, IReadOnlyList<Vector2> points)
    {
        var shift = Shift * box.Height;
        var centre = new Vector2(box.CenterX, box.CenterY);
        (FaceBox Box, Func<Vector2, Vector2> Fixed)[] reframings =
        [
            (box with { X = box.X + shift }, v => v + new Vector2(shift, 0)),
            (box with { Y = box.Y + shift }, v => v + new Vector2(0, shift)),
            (new FaceBox(centre.X - (box.Width * Zoom / 2), centre.Y - (box.Height * Zoom / 2), box.Width * Zoom, box.Height * Zoom), v => centre + ((v - centre) * Zoom)),
        ];
        var worst = 0f;
        foreach (var (moved, fixedToBox) in reframings)
        {
            var again = landmarker.Locate(bgr, moved).Points68;
            float motion = 0, boxMotion = 0;
            for (var i = 0; i < points.Count; i++)
            {
                motion += Vector2.Distance(again[i], points[i]);
                boxMotion += Vector2.Distance(fixedToBox(points[i]), points[i]);
            }

            worst = Math.Max(worst, motion / boxMotion);
        }

        return worst;
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
