using System.Numerics;

namespace EGov.Biometrics.Vision.Landmarks;

/// <summary>
/// The 68 iBUG landmarks of a face in image pixels, and the five points that alignment uses
/// (left eye, right eye, nose tip, left and right mouth corner, as seen in the image).
/// </summary>
public sealed class FaceLandmarks
{
    /// <summary>The 68 points, in iBUG order.</summary>
    public FaceLandmarks(IReadOnlyList<Vector2> points68)
    {
        if (points68.Count != 68)
        {
            throw new ArgumentException($"Expected 68 landmarks, got {points68.Count}.", nameof(points68));
        }

        Points68 = points68;
        Points5 = ReduceToFive(points68);
    }

    /// <summary>The 68 iBUG points in image pixels.</summary>
    public IReadOnlyList<Vector2> Points68 { get; }

    /// <summary>Left eye, right eye, nose tip, left and right mouth corner (as seen in the image).</summary>
    public IReadOnlyList<Vector2> Points5 { get; }

    /// <summary>Centre of the eye on the image's left.</summary>
    public Vector2 LeftEye => Points5[0];

    /// <summary>Centre of the eye on the image's right.</summary>
    public Vector2 RightEye => Points5[1];

    /// <summary>Distance between the eye centres, in pixels.</summary>
    public float InterEyeDistance => Vector2.Distance(LeftEye, RightEye);

    /// <summary>Eye corners 36–41 and 42–47: centre of the four eyelid points; mouth corners: outer and inner lip corners averaged.</summary>
    internal static Vector2[] ReduceToFive(IReadOnlyList<Vector2> p) =>
    [
        (p[37] + p[38] + p[40] + p[41]) / 4,
        (p[43] + p[44] + p[46] + p[47]) / 4,
        p[30],
        (p[48] + p[60]) / 2,
        (p[54] + p[64]) / 2,
    ];
}
