using OpenCvSharp;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// A head-and-shoulders portrait cut around one face: a square <c>scale</c> times the face's height, its centre a
/// tenth of the face below the face's centre (shoulders rather than sky), clipped to the image and, on each side
/// where a bystander's face reaches into it, to the edge of that face. Used to make a one-person photo out of a
/// group photo, since enrolment and verification refuse photos of several people.
/// </summary>
public static class Portrait
{
    /// <summary>2.6 face heights: enough surroundings for the liveness model's 2.7x context crop to stay mostly inside the picture.</summary>
    public const float DefaultScale = 2.6f;

    /// <summary>The portrait's rectangle in an image of <paramref name="width"/> x <paramref name="height"/>, clear of <paramref name="others"/> where they do not overlap the face itself.</summary>
    internal static Rect Frame(FaceBox face, IEnumerable<FaceBox> others, int width, int height, float scale = DefaultScale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1f);
        var half = face.Height * scale / 2;
        var centreY = face.CenterY + (face.Height / 10);
        float left = Math.Max(0, face.CenterX - half), top = Math.Max(0, centreY - half);
        float right = Math.Min(width, face.CenterX + half), bottom = Math.Min(height, centreY + half);
        foreach (var other in others)
        {
            if (other == face || other.Right <= left || other.X >= right || other.Bottom <= top || other.Y >= bottom)
            {
                continue;
            }

            // Cut on the side the bystander stands, never into the face itself.
            if (other.CenterX >= face.Right)
            {
                right = Math.Max(face.Right, other.X);
            }
            else if (other.CenterX <= face.X)
            {
                left = Math.Min(face.X, other.Right);
            }
            else if (other.CenterY >= face.Bottom)
            {
                bottom = Math.Max(face.Bottom, other.Y);
            }
            else if (other.CenterY <= face.Y)
            {
                top = Math.Min(face.Y, other.Bottom);
            }
        }

        var x = (int)Math.Floor(Math.Max(0, left));
        var y = (int)Math.Floor(Math.Max(0, top));
        return new Rect(x, y, Math.Max(1, (int)Math.Ceiling(Math.Min(width, right)) - x), Math.Max(1, (int)Math.Ceiling(Math.Min(height, bottom)) - y));
    }

    /// <summary>A copy of the portrait around <paramref name="face"/>, clear of <paramref name="others"/>; the caller disposes it.</summary>
    internal static Mat Cut(Mat bgr, FaceBox face, IEnumerable<FaceBox> others, float scale = DefaultScale) =>
        new Mat(bgr, Frame(face, others, bgr.Cols, bgr.Rows, scale)).Clone();
}
