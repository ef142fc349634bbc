using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EGov.Biometrics.Edge.Tests.Tracking;

/// <summary>The tracker and its cheap descriptor on real faces from the sample photos, pasted at a desk.</summary>
[Collection(EdgeVisionCollection.Name)]
public sealed class FaceTrackerPhotoTests(EdgeVisionFixture vision, ITestOutputHelper output)
{
    private static readonly (int Sample, int Face)[] People = EdgeVisionFixture.People;

    // What a live camera does between frames: small shifts, brightness steps.
    private static readonly (int Dx, int Dy, double Gain)[] Jitter = [(0, 0, 1.0), (5, -3, 1.0), (-6, 4, 1.05), (3, 6, 0.95), (-4, -5, 1.0)];

    [Fact]
    public void The_same_person_shifting_in_the_chair_keeps_one_track()
    {
        foreach (var (sample, face) in People.Take(4))
        {
            var tracker = new FaceTracker();
            var person = vision.Person(sample, face);
            var ids = Enumerable.Range(0, 10)
                .Select(i => Track(tracker, i, (person, Jitter[i % Jitter.Length].Dx, Jitter[i % Jitter.Length].Dy, Jitter[i % Jitter.Length].Gain)).Single())
                .ToList();

            Assert.All(ids, id => Assert.Equal(ids[0], id));
        }
    }

    [Fact]
    public void The_next_person_sitting_down_in_the_same_place_gets_a_new_track_without_an_empty_frame_between()
    {
        var tracker = new FaceTracker();
        var frame = 0;
        var idsByPerson = new List<HashSet<long>>();
        foreach (var (sample, face) in People)
        {
            var person = vision.Person(sample, face);
            idsByPerson.Add(Enumerable.Range(0, 3)
                .Select(_ => Track(tracker, frame++, (person, Jitter[frame % Jitter.Length].Dx, Jitter[frame % Jitter.Length].Dy, 1.0)).Single())
                .ToHashSet());
        }

        // Each person kept one track, and no two people shared one.
        Assert.All(idsByPerson, ids => Assert.Single(ids));
        Assert.Equal(People.Length, idsByPerson.Select(ids => ids.Single()).Distinct().Count());
    }

    [Fact]
    public void Descriptor_similarity_separates_the_same_person_from_different_people()
    {
        var descriptors = People.Select(p => Jitter.Select(j => Descriptor(vision.Person(p.Sample, p.Face), j.Dx, j.Dy, j.Gain)).ToList()).ToList();

        var same = descriptors.SelectMany(views => Pairs(views.Count).Select(p => AppearanceDescriptor.Similarity(views[p.A], views[p.B]))).ToList();
        var different = Pairs(descriptors.Count).Select(p => AppearanceDescriptor.Similarity(descriptors[p.A][0], descriptors[p.B][0])).ToList();
        output.WriteLine($"same person ({same.Count} pairs): min {same.Min():F3}, median {Median(same):F3}");
        output.WriteLine($"different people ({different.Count} pairs): median {Median(different):F3}, max {different.Max():F3}");

        var threshold = FaceTrackerOptions.Default.MinDescriptorSimilarity;
        Assert.True(same.Min() >= threshold, $"same-person minimum {same.Min():F3} is below the threshold {threshold}");
        Assert.True(different.Max() < threshold, $"different-people maximum {different.Max():F3} reaches the threshold {threshold}");
    }

    private List<long> Track(FaceTracker tracker, int index, params (Mat Person, int Dx, int Dy, double Gain)[] people)
    {
        using var frame = DeskScene.Frame(people[0].Gain, 0, people.Select(p => (p.Person, p.Dx, p.Dy)).ToArray());
        var faces = vision.Pipeline.Analyze(frame, new AnalysisOptions { Quality = false, Liveness = false, Embed = false, MaxFaces = people.Length });
        try
        {
            var observations = faces.Select(f => FaceObservation.FromAlignedCrop(f.Detection.Box, f.Aligned.Image)).ToList();
            return [.. tracker.Update(observations, FakeClock.Start + TimeSpan.FromMilliseconds(100 * index)).TrackIds];
        }
        finally
        {
            foreach (var face in faces)
            {
                face.Dispose();
            }
        }
    }

    private float[] Descriptor(Mat person, int dx, int dy, double gain)
    {
        using var frame = DeskScene.Frame(gain, 0, (person, dx, dy));
        var faces = vision.Pipeline.Analyze(frame, new AnalysisOptions { Quality = false, Liveness = false, Embed = false, MaxFaces = 1 });
        using var face = Assert.Single(faces);
        return AppearanceDescriptor.Compute(face.Aligned.Image);
    }

    private static IEnumerable<(int A, int B)> Pairs(int count) =>
        from a in Enumerable.Range(0, count) from b in Enumerable.Range(a + 1, count - a - 1) select (a, b);

    private static float Median(List<float> values) => values.Order().ElementAt(values.Count / 2);
}
