using System.Numerics;
using EGov.Biometrics.Vision.Alignment;
using EGov.Biometrics.Vision.Landmarks;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// A denser alignment target for <see cref="AlignmentMethod.MeanShape"/>: the mean of the 51 inner landmarks (brows,
/// eyes, nose, mouth; the jaw line is left out, it follows the head's turn) over a set of faces, in the frame of an
/// embedder's five-point template. Each face is first placed by its five points; one Procrustes round then refits
/// every face to that mean and averages again. It uses no identities, only where landmarks fall.
/// </summary>
public static class MeanShapeTemplate
{
    /// <summary>The first of the inner landmarks (68-point iBUG order: 0–16 are the jaw).</summary>
    public const int FirstInner = 17;

    public static AlignmentTemplate From(IReadOnlyCollection<FaceLandmarks> faces, AlignmentTemplate fivePoint)
    {
        if (faces.Count == 0)
        {
            throw new ArgumentException("A mean shape needs at least one face.", nameof(faces));
        }

        var mean = Mean(faces, face => SimilarityTransform.Estimate(face.Points5, fivePoint.Points));
        mean = Mean(faces, face => SimilarityTransform.Estimate(Inner(face), mean));
        return new AlignmentTemplate(fivePoint.Width, fivePoint.Height, mean);
    }

    /// <summary>The points a face is fitted by: its 51 inner landmarks.</summary>
    public static IReadOnlyList<Vector2> Inner(FaceLandmarks face) => face.Points68.Skip(FirstInner).ToArray();

    private static Vector2[] Mean(IReadOnlyCollection<FaceLandmarks> faces, Func<FaceLandmarks, SimilarityTransform> placement)
    {
        var sum = new Vector2[68 - FirstInner];
        foreach (var face in faces)
        {
            var transform = placement(face);
            var inner = Inner(face);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += transform.Apply(inner[i]);
            }
        }

        return sum.Select(p => p / faces.Count).ToArray();
    }
}
