using System.Numerics;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Edge.Tests.Queue;

/// <summary>Captures with recognisable contents, for the queue and serialiser tests.</summary>
public static class TestCaptures
{
    /// <summary>Capture number <paramref name="n"/>: every field, the key included, derives from n; the "image" is <paramref name="imageBytes"/> seeded random bytes.</summary>
    public static FaceCapture Make(int n, int imageBytes = 2_000, float? liveness = 0.97f)
    {
        var random = new Random(n);
        var key = new byte[16];
        random.NextBytes(key);
        var image = new byte[imageBytes];
        random.NextBytes(image);
        return new FaceCapture(
            new Guid(key),
            TrackId: 1000 + n,
            FrameIndex: 50_000 + n,
            CapturedAt: FakeClock.Start.AddSeconds(n),
            AlignedPng: image,
            Box: new FaceBox(10 + n, 20, 120.5f, 150.25f),
            DetectionScore: 0.99f,
            Landmarks5: Enumerable.Range(0, 5).Select(i => new Vector2(i, n)).ToArray(),
            Landmarks68: Enumerable.Range(0, 68).Select(i => new Vector2(n, i * 0.5f)).ToArray(),
            Quality: 0.8f,
            Liveness: liveness);
    }

    public static void AssertSame(FaceCapture expected, FaceCapture actual)
    {
        Assert.Equal(expected.IdempotencyKey, actual.IdempotencyKey);
        Assert.Equal(expected.TrackId, actual.TrackId);
        Assert.Equal(expected.FrameIndex, actual.FrameIndex);
        Assert.Equal(expected.CapturedAt, actual.CapturedAt);
        Assert.Equal(expected.AlignedPng, actual.AlignedPng);
        Assert.Equal(expected.Box, actual.Box);
        Assert.Equal(expected.DetectionScore, actual.DetectionScore);
        Assert.Equal(expected.Landmarks5, actual.Landmarks5);
        Assert.Equal(expected.Landmarks68, actual.Landmarks68);
        Assert.Equal(expected.Quality, actual.Quality);
        Assert.Equal(expected.Liveness, actual.Liveness);
    }
}
