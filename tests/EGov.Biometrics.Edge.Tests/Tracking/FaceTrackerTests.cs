using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Edge.Tests.Tracking;

/// <summary>The tracker's rules on synthetic boxes and appearance vectors (the photo tests use real faces).</summary>
public sealed class FaceTrackerTests
{
    private static readonly FaceBox Chair = new(200, 100, 120, 150);
    private static readonly TimeSpan FrameTime = TimeSpan.FromMilliseconds(100);

    private readonly Random _random = new(7);
    private DateTimeOffset _now = FakeClock.Start;

    [Fact]
    public void The_same_face_moving_a_little_keeps_its_track()
    {
        var tracker = new FaceTracker();
        var person = RandomVector();

        var ids = Enumerable.Range(0, 10)
            .Select(i => Single(tracker, new FaceObservation(Shift(Chair, (i % 3) * 4, -(i % 2) * 5), Noisy(person, 0.02f))))
            .ToList();

        Assert.All(ids, id => Assert.Equal(ids[0], id));
        Assert.Equal(1, tracker.ActiveTracks);
    }

    [Fact]
    public void A_different_face_in_the_same_place_starts_a_new_track_at_once()
    {
        var tracker = new FaceTracker(new FaceTrackerOptions { MaxMissedFrames = 2 });
        var (leaving, arriving) = (RandomVector(), RandomVector());
        var first = Single(tracker, new FaceObservation(Chair, leaving));

        var next = tracker.Update([new FaceObservation(Chair, arriving)], Tick());

        var second = next.TrackIds[0];
        Assert.NotEqual(first, second);
        Assert.Equal([second], next.StartedTracks);
        Assert.Empty(next.EndedTracks);

        // The first track lingers for its missed frames (it may be a moment's occlusion), then ends.
        var stay = tracker.Update([new FaceObservation(Chair, Noisy(arriving, 0.02f))], Tick());
        var end = tracker.Update([new FaceObservation(Chair, Noisy(arriving, 0.02f))], Tick());
        Assert.Equal([second, second], [stay.TrackIds[0], end.TrackIds[0]]);
        Assert.Empty(stay.EndedTracks);
        Assert.Equal([first], end.EndedTracks);
        Assert.Equal(1, tracker.ActiveTracks);
    }

    [Fact]
    public void The_same_face_far_from_the_last_box_starts_a_new_track()
    {
        var tracker = new FaceTracker();
        var person = RandomVector();
        var first = Single(tracker, new FaceObservation(Chair, person));

        var moved = Single(tracker, new FaceObservation(Shift(Chair, 150, 0), person));

        Assert.NotEqual(first, moved);
    }

    [Fact]
    public void Two_people_side_by_side_keep_their_own_tracks()
    {
        var tracker = new FaceTracker();
        var (left, right) = (RandomVector(), RandomVector());
        var leftBox = Shift(Chair, -130, 0);
        var rightBox = Shift(Chair, 130, 0);

        var results = Enumerable.Range(0, 5)
            .Select(i => tracker.Update(
                i % 2 == 0
                    ? [new FaceObservation(leftBox, Noisy(left, 0.02f)), new FaceObservation(rightBox, Noisy(right, 0.02f))]
                    : [new FaceObservation(rightBox, Noisy(right, 0.02f)), new FaceObservation(leftBox, Noisy(left, 0.02f))],
                Tick()))
            .ToList();

        var leftIds = results.Select((r, i) => r.TrackIds[i % 2 == 0 ? 0 : 1]).Distinct().ToList();
        var rightIds = results.Select((r, i) => r.TrackIds[i % 2 == 0 ? 1 : 0]).Distinct().ToList();
        Assert.Single(leftIds);
        Assert.Single(rightIds);
        Assert.NotEqual(leftIds[0], rightIds[0]);
    }

    [Fact]
    public void A_face_missed_for_a_few_frames_resumes_its_track()
    {
        var tracker = new FaceTracker(new FaceTrackerOptions { MaxMissedFrames = 3 });
        var person = RandomVector();
        var first = Single(tracker, new FaceObservation(Chair, person));

        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(tracker.Update([], Tick()).EndedTracks);
        }

        Assert.Equal(first, Single(tracker, new FaceObservation(Chair, person)));
    }

    [Fact]
    public void A_track_ends_after_too_many_missed_frames_or_too_long_unseen()
    {
        var tracker = new FaceTracker(new FaceTrackerOptions { MaxMissedFrames = 2, MaxGap = TimeSpan.FromSeconds(1) });
        var person = RandomVector();
        var first = Single(tracker, new FaceObservation(Chair, person));
        Assert.Empty(tracker.Update([], Tick()).EndedTracks);
        Assert.Empty(tracker.Update([], Tick()).EndedTracks);
        Assert.Equal([first], tracker.Update([], Tick()).EndedTracks);

        // A busy worker dropped frames for 1.5 s: the same face at the same place is a new visit.
        var second = Single(tracker, new FaceObservation(Chair, person));
        _now += TimeSpan.FromSeconds(1.5);
        var later = tracker.Update([new FaceObservation(Chair, person)], _now);
        Assert.Equal([second], later.EndedTracks);
        Assert.NotEqual(second, later.TrackIds[0]);
    }

    [Fact]
    public void Embeddings_decide_appearance_when_the_track_and_the_face_both_have_one()
    {
        var tracker = new FaceTracker();
        var (descriptor, embedding) = (RandomVector(), RandomVector());
        var first = Single(tracker, new FaceObservation(Chair, descriptor, embedding));

        // The cheap descriptor disagrees (a hand over the face) but the embedding agrees: same person.
        var same = Single(tracker, new FaceObservation(Chair, RandomVector(), Noisy(embedding, 0.02f)));

        // The descriptor agrees but the embedding does not: someone else.
        var other = Single(tracker, new FaceObservation(Chair, descriptor, RandomVector()));

        Assert.Equal(first, same);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Past_capacity_the_longest_unseen_track_ends()
    {
        var tracker = new FaceTracker(new FaceTrackerOptions { MaxTracks = 2 });
        var oldest = Single(tracker, new FaceObservation(Shift(Chair, -200, 0), RandomVector()));
        var next = Single(tracker, new FaceObservation(Shift(Chair, 0, 0), RandomVector()));

        var third = tracker.Update([new FaceObservation(Shift(Chair, 200, 0), RandomVector())], Tick());

        Assert.Equal([oldest], third.EndedTracks);
        Assert.Equal(2, tracker.ActiveTracks);
        Assert.Equal(new[] { next, third.TrackIds[0] }.Order(), tracker.EndAll().Order());
        Assert.Equal(0, tracker.ActiveTracks);
    }

    private long Single(FaceTracker tracker, FaceObservation observation) => tracker.Update([observation], Tick()).TrackIds.Single();

    private DateTimeOffset Tick() => _now += FrameTime;

    private static FaceBox Shift(FaceBox box, float dx, float dy) => box with { X = box.X + dx, Y = box.Y + dy };

    private float[] RandomVector() => Normalised(Enumerable.Range(0, AppearanceDescriptor.Length).Select(_ => (float)((_random.NextDouble() * 2) - 1)).ToArray());

    private float[] Noisy(float[] vector, float amount) =>
        Normalised(vector.Select(v => v + (amount * (float)((_random.NextDouble() * 2) - 1))).ToArray());

    private static float[] Normalised(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
