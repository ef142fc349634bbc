using System.Numerics;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// The rule that accepts a face placed from landmarks alone, on landmark models that are stand-ins: one whose points
/// stay on the image (a face), one whose points ride with the box it is given (a model that sees no face).
/// </summary>
[Collection(VisionCollection.Name)]
public sealed class LandmarkPlausibilityTests(VisionFixture vision)
{
    [Fact]
    public void Points_that_stay_on_the_image_are_accepted_with_full_confidence()
    {
        var (portrait, points) = Face();
        using var _ = portrait;
        var box = LandmarkFaceBox.Around(new FaceLandmarks(points));

        var verdict = LandmarkPlausibility.Judge(new FakeLandmarker(_ => points), portrait.Bgr, box, new FaceLandmarks(points), PortraitFallbackOptions.Default.MinLandmarkConfidence);

        Assert.True(verdict.Accepted, verdict.Refusal);
        Assert.Equal(1f, verdict.Confidence, 3);
    }

    [Fact]
    public void Points_that_move_with_the_box_are_refused_as_not_a_face()
    {
        var (portrait, points) = Face();
        using var _ = portrait;
        var box = LandmarkFaceBox.Around(new FaceLandmarks(points));

        // A model that sees no face answers the same shape in whatever box it is given.
        var blind = new FakeLandmarker(moved => [.. points.Select(p => new Vector2(
            moved.X + ((p.X - box.X) * moved.Width / box.Width), moved.Y + ((p.Y - box.Y) * moved.Height / box.Height)))]);
        var verdict = LandmarkPlausibility.Judge(blind, portrait.Bgr, box, new FaceLandmarks(points), PortraitFallbackOptions.Default.MinLandmarkConfidence);

        Assert.False(verdict.Accepted);
        Assert.Equal(0f, verdict.Confidence, 3);
        Assert.Contains("move with the box", verdict.Refusal, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Shapes => new()
    {
        { "tilted 45°", "tilted" },
        { "upside down", "tilted" },
        { "small in a large image", "of the image width" },
        { "eyes swapped with the mouth", "the nose is not below the eyes" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Points_that_are_not_a_frontal_face_filling_a_portrait_are_refused_whatever_their_anchoring(string shape, string reason)
    {
        var (portrait, face) = Face();
        using var _ = portrait;
        var centre = face.Aggregate(Vector2.Zero, (a, p) => a + p) / face.Length;
        var (image, points) = shape switch
        {
            "tilted 45°" => (portrait.Bgr, Rotate(face, centre, 45)),
            "upside down" => (portrait.Bgr, Rotate(face, centre, 180)),
            "eyes swapped with the mouth" => (portrait.Bgr, face.Select(p => new Vector2(p.X, (2 * centre.Y) - p.Y)).ToArray()),
            _ => (new Mat(440, 360, MatType.CV_8UC3, Scalar.Gray), face),
        };
        using var __ = image == portrait.Bgr ? null : image;
        var box = LandmarkFaceBox.Around(new FaceLandmarks(points));

        var verdict = LandmarkPlausibility.Judge(new FakeLandmarker(_ => points), image, box, new FaceLandmarks(points), PortraitFallbackOptions.Default.MinLandmarkConfidence);

        Assert.False(verdict.Accepted, shape);
        Assert.Contains(reason, verdict.Refusal, StringComparison.Ordinal);
    }

    private static Vector2[] Rotate(Vector2[] points, Vector2 centre, float degrees)
    {
        var rotation = Matrix3x2.CreateRotation(degrees * MathF.PI / 180, centre);
        return [.. points.Select(p => Vector2.Transform(p, rotation))];
    }

    /// <summary>The tight portrait of sample5's largest face (upright) and the 68 points the real model finds on it.</summary>
    private (PortraitCrop Portrait, Vector2[] Points) Face()
    {
        var photo = vision.Sample(5).Bgr;
        var portrait = PortraitCrop.Cut(photo, vision.Pipeline.Detector.Detect(photo).MaxBy(d => d.Box.Area)!.Box);
        return (portrait, [.. vision.Pipeline.Landmarker.Locate(portrait.Bgr, portrait.TrueFace).Points68]);
    }

    private sealed class FakeLandmarker(Func<FaceBox, IReadOnlyList<Vector2>> locate) : IFaceLandmarker
    {
        public FaceLandmarks Locate(Mat bgr, FaceBox face) => new(locate(face));
    }
}
