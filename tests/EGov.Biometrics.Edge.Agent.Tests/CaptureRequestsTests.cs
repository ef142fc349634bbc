using EGov.Biometrics.Vision.Imaging;
using Microsoft.Extensions.Time.Testing;

namespace EGov.Biometrics.Edge.Agent.Tests;

/// <summary>An operator's request is answered by the next capture taken after it, and never once the operator stopped waiting.</summary>
public sealed class CaptureRequestsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_next_capture_taken_after_the_request_answers_it_once()
    {
        var requests = new CaptureRequests(_clock);
        var before = Capture(_clock.GetUtcNow().AddSeconds(-1));
        requests.Open("r1", TimeSpan.FromSeconds(20));
        var after = Capture(_clock.GetUtcNow().AddMilliseconds(100));
        var later = Capture(_clock.GetUtcNow().AddMilliseconds(200));

        Assert.False(requests.TryAnswer(before)); // the previous citizen's best shot
        Assert.True(requests.TryAnswer(after));
        Assert.False(requests.TryAnswer(later));
        Assert.Equal("r1", requests.RequestFor(after.IdempotencyKey));
        Assert.Equal(after, Assert.Single(requests.Answers).Capture);

        requests.Answered(after.IdempotencyKey);
        Assert.Empty(requests.Answers);
    }

    [Fact]
    public void A_request_the_operator_gave_up_on_claims_nothing()
    {
        var requests = new CaptureRequests(_clock);
        requests.Open("stale", TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(6));
        requests.Open("live", TimeSpan.FromSeconds(5));
        var capture = Capture(_clock.GetUtcNow());

        Assert.True(requests.TryAnswer(capture));
        Assert.Equal("live", requests.RequestFor(capture.IdempotencyKey));
        Assert.False(requests.AnyOpen);
    }

    private static FaceCapture Capture(DateTimeOffset at) =>
        new(Guid.CreateVersion7(), 1, 0, at, [1, 2, 3], new FaceBox(0, 0, 10, 10), 0.9f, [], [], 0.8f, null);
}
