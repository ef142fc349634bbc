using System.Numerics;
using EGov.Biometrics.Benchmarks.Accuracy;
using EGov.Biometrics.Vision.Alignment;
using EGov.Biometrics.Vision.Landmarks;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class MeanShapeTemplateTests
{
    [Fact]
    public void Faces_that_differ_only_by_position_scale_and_roll_give_one_shape_and_each_fits_it_exactly()
    {
        var shape = Shape(new Random(7));
        var transforms = new[] { (0.8, 10.0, 40.0, 60.0), (1.7, -25.0, 300.0, 120.0), (1.1, 5.0, 90.0, 210.0) };
        var faces = transforms.Select(t => new FaceLandmarks(shape.Select(p => Move(p, t.Item1, t.Item2, t.Item3, t.Item4)).ToArray())).ToList();

        var template = MeanShapeTemplate.From(faces, AlignmentTemplate.ArcFace112);

        Assert.Equal(68 - MeanShapeTemplate.FirstInner, template.Points.Count);
        Assert.Equal((112, 112), (template.Width, template.Height));
        foreach (var face in faces)
        {
            var fit = SimilarityTransform.Estimate(MeanShapeTemplate.Inner(face), template.Points);
            var residual = MeanShapeTemplate.Inner(face).Select((p, i) => Vector2.Distance(fit.Apply(p), template.Points[i])).Max();
            Assert.True(residual < 1e-3, $"a face off the mean shape by {residual} px");
        }

        // The shape sits where the five-point template puts the eyes: the mean's eye centres near ArcFace's.
        var leftEye = Enumerable.Range(36 - MeanShapeTemplate.FirstInner, 6).Select(i => template.Points[i]).Aggregate(Vector2.Zero, (a, p) => a + p) / 6;
        Assert.True(Vector2.Distance(leftEye, AlignmentTemplate.ArcFace112.Points[0]) < 3, $"left eye at {leftEye}");
    }

    [Fact]
    public void No_faces_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MeanShapeTemplate.From([], AlignmentTemplate.ArcFace112));
    }

    // A plausible 68-point face (eyes level above nose above mouth) with a little noise, so the shape is not degenerate.
    private static Vector2[] Shape(Random random)
    {
        var points = new Vector2[68];
        for (var i = 0; i < 68; i++)
        {
            points[i] = new Vector2(50 + (float)(random.NextDouble() * 40), 80 + (float)(random.NextDouble() * 40));
        }

        void Ring(int first, float x, float y)
        {
            for (var i = 0; i < 6; i++)
            {
                points[first + i] = new Vector2(x + (6 * MathF.Cos(i * MathF.PI / 3)), y + (3 * MathF.Sin(i * MathF.PI / 3)));
            }
        }

        Ring(36, 50, 70);
        Ring(42, 90, 70);
        points[30] = new Vector2(70, 95);
        (points[48], points[54], points[60], points[64]) = (new Vector2(55, 115), new Vector2(85, 115), new Vector2(57, 115), new Vector2(83, 115));
        return points;
    }

    private static Vector2 Move(Vector2 p, double scale, double degrees, double dx, double dy)
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        return new Vector2((float)((scale * ((cos * p.X) - (sin * p.Y))) + dx), (float)((scale * ((sin * p.X) + (cos * p.Y))) + dy));
    }
}
