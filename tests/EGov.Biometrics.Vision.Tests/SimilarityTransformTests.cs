using System.Numerics;
using EGov.Biometrics.Vision.Alignment;

namespace EGov.Biometrics.Vision.Tests;

public sealed class SimilarityTransformTests
{
    private static readonly Vector2[] Source = [new(10, 20), new(50, 18), new(31, 45), new(15, 70), new(48, 69)];

    [Theory]
    [InlineData(1.0, 0.0, 0.0, 0.0)]
    [InlineData(0.5, 30.0, -12.5, 40.0)]
    [InlineData(2.3, -75.0, 100.0, -3.0)]
    [InlineData(0.9, 179.0, 5.0, 5.0)]
    public void Recovers_an_exact_similarity(double scale, double degrees, double tx, double ty)
    {
        var angle = degrees * Math.PI / 180;
        var expected = new SimilarityTransform(scale * Math.Cos(angle), scale * Math.Sin(angle), tx, ty);
        var target = Source.Select(expected.Apply).ToArray();

        var estimated = SimilarityTransform.Estimate(Source, target);

        Assert.Equal(scale, estimated.Scale, 6);
        Assert.Equal(degrees, estimated.RotationDegrees, 4);
        Assert.Equal(tx, estimated.Tx, 3);
        Assert.Equal(ty, estimated.Ty, 3);
    }

    [Fact]
    public void Is_the_least_squares_fit_for_noisy_points()
    {
        var random = new Random(7);
        var truth = new SimilarityTransform(1.3, 0.4, 8, -5);
        var target = Source.Select(p => truth.Apply(p) + new Vector2((float)random.NextDouble() * 4 - 2, (float)random.NextDouble() * 4 - 2)).ToArray();

        var fit = SimilarityTransform.Estimate(Source, target);
        var best = SquaredError(fit, target);

        // No small change of any parameter lowers the error: the fit is the minimum.
        foreach (var delta in new[] { 1e-3, -1e-3 })
        {
            Assert.True(SquaredError(fit with { A = fit.A + delta }, target) > best);
            Assert.True(SquaredError(fit with { B = fit.B + delta }, target) > best);
            Assert.True(SquaredError(fit with { Tx = fit.Tx + (delta * 100) }, target) > best);
            Assert.True(SquaredError(fit with { Ty = fit.Ty + (delta * 100) }, target) > best);
        }
    }

    [Fact]
    public void Agrees_with_OpenCV_on_noisy_points()
    {
        var random = new Random(11);
        var truth = new SimilarityTransform(0.8, -0.3, 20, 7);
        var target = Source.Select(p => truth.Apply(p) + new Vector2((float)random.NextDouble() - 0.5f, (float)random.NextDouble() - 0.5f)).ToArray();

        var ours = SimilarityTransform.Estimate(Source, target);
        using var opencv = OpenCvSharp.Cv2.EstimateAffinePartial2D(
            OpenCvSharp.InputArray.Create(Source.Select(p => new OpenCvSharp.Point2f(p.X, p.Y)).ToArray()),
            OpenCvSharp.InputArray.Create(target.Select(p => new OpenCvSharp.Point2f(p.X, p.Y)).ToArray()),
            method: OpenCvSharp.RobustEstimationAlgorithms.LMEDS)!;

        Assert.Equal(opencv.At<double>(0, 0), ours.A, 2);
        Assert.Equal(opencv.At<double>(1, 0), ours.B, 2);
        Assert.Equal(opencv.At<double>(0, 2), ours.Tx, 0);
        Assert.Equal(opencv.At<double>(1, 2), ours.Ty, 0);
    }

    [Fact]
    public void Refuses_degenerate_input()
    {
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Estimate([new(1, 1)], [new(2, 2)]));
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Estimate([new(1, 1), new(1, 1)], [new(2, 2), new(3, 3)]));
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Estimate(Source, Source.Take(4).ToArray()));
    }

    private static double SquaredError(SimilarityTransform t, Vector2[] target) =>
        Source.Select((p, i) => Vector2.DistanceSquared(t.Apply(p), target[i])).Sum();
}
