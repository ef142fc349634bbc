using EGov.Biometrics.Edge.Sources;
using EGov.Biometrics.Edge.Tests.Tracking;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.Tests;

/// <summary>The whole edge chain on real faces: pipeline, tracker and best shot.</summary>
[Collection(EdgeVisionCollection.Name)]
public sealed class FrameProcessorTests(EdgeVisionFixture vision)
{
    private static readonly TimeSpan FrameTime = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Thirty_frames_of_one_person_yield_one_capture_per_window_with_the_best_frame()
    {
        var person = vision.Person(3, 1);

        // Brightness, focus and position wander as they do on a live camera, so quality varies frame to frame.
        var frames = Enumerable.Range(0, 30).Select(i => Frame(i, 0.9 + (0.02 * (i % 7)), 0.4 * (i % 4), (person, (i % 5) - 2, (i % 3) - 1))).ToList();
        try
        {
            var qualities = frames.Select(IndependentQuality).ToArray();
            var processor = Processor(window: TimeSpan.FromSeconds(2));

            var captures = frames.SelectMany(processor.Process).ToList();
            captures.AddRange(processor.Flush(frames[^1].CapturedAt + FrameTime));

            Assert.Equal(2, captures.Count);
            Assert.Single(captures.Select(c => c.TrackId).Distinct());
            Assert.Equal(BestPassing(qualities, 0, 20), captures[0].FrameIndex);
            Assert.Equal(BestPassing(qualities, 20, 30), captures[1].FrameIndex);
            Assert.Equal(qualities[captures[0].FrameIndex]!.Value, captures[0].Quality, 1e-5f);
            Assert.True(qualities.Count(q => q is not null) >= 20, "most frames should pass the quality gates");
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public void A_capture_carries_the_aligned_png_the_landmarks_in_the_frame_and_a_unique_key()
    {
        var processor = Processor(window: TimeSpan.FromMilliseconds(300), liveness: true);
        var captures = new List<FaceCapture>();
        for (var i = 0; i < 8; i++)
        {
            using var frame = Frame(i, 1.0, 0, (vision.Person(6, 0), i % 3, 0));
            captures.AddRange(processor.Process(frame));
        }

        Assert.True(captures.Count >= 2, $"{captures.Count} captures");
        Assert.Equal(captures.Count, captures.Select(c => c.IdempotencyKey).Distinct().Count());
        foreach (var capture in captures)
        {
            Assert.Equal(7, capture.IdempotencyKey.Version);
            using var png = Cv2.ImDecode(capture.AlignedPng, ImreadModes.Color);
            Assert.Equal((112, 112), (png.Cols, png.Rows));
            Assert.Equal(5, capture.Landmarks5.Count);
            Assert.Equal(68, capture.Landmarks68.Count);
            Assert.All(capture.Landmarks5, p => Assert.True(
                p.X > capture.Box.X && p.X < capture.Box.Right && p.Y > capture.Box.Y && p.Y < capture.Box.Bottom,
                $"{p} lies outside the face box {capture.Box}"));
            Assert.InRange(capture.Box.CenterX, DeskScene.Chair.X, DeskScene.Chair.X + DeskScene.PatchSide);
            Assert.InRange(capture.Liveness!.Value, 0f, 1f);
            Assert.Equal(FakeClock.Start + (capture.FrameIndex * FrameTime), capture.CapturedAt);
            Assert.NotEmpty(capture.LivenessFrames); // context crops for the server's own liveness check, lossless
            Assert.All(capture.LivenessFrames, f =>
            {
                using var context = Cv2.ImDecode(f, ImreadModes.Color);
                Assert.Equal((256, 256), (context.Cols, context.Rows));
            });
        }
    }

    [Fact]
    public void Two_people_side_by_side_yield_captures_of_two_tracks()
    {
        var processor = Processor(window: TimeSpan.FromSeconds(1));
        var captures = new List<FaceCapture>();
        for (var i = 0; i < 10; i++)
        {
            using var frame = Frame(i, 1.0, 0, (vision.Person(5, 3), -130, 0), (vision.Person(6, 1), 130, 0));
            captures.AddRange(processor.Process(frame));
        }

        captures.AddRange(processor.Flush(FakeClock.Start + (10 * FrameTime)));

        var byTrack = captures.GroupBy(c => c.TrackId).ToList();
        Assert.Equal(2, byTrack.Count);
        Assert.All(byTrack, track => Assert.Single(track));
        var sides = byTrack.Select(t => t.Single().Box.CenterX < DeskScene.Width / 2 ? "left" : "right").Order();
        Assert.Equal(["left", "right"], sides);
    }

    [Fact]
    public void When_the_next_citizen_sits_down_the_previous_one_is_sent_without_waiting_for_the_window()
    {
        var options = new FaceTrackerOptions { MaxMissedFrames = 3 };
        var processor = new FrameProcessor(vision.Pipeline, new FaceTracker(options), new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(10) }));
        var emitted = new List<(int Frame, FaceCapture Capture)>();
        for (var i = 0; i < 14; i++)
        {
            using var frame = Frame(i, 1.0, 0, (vision.Person(i < 7 ? 4 : 1, 0), i % 2, 0));
            emitted.AddRange(processor.Process(frame).Select(c => (i, c)));
        }

        // The first person's last frame is 6; their track ends at its fourth missed frame, frame 10, long before 10 s.
        var (at, capture) = Assert.Single(emitted);
        Assert.Equal(10, at);
        Assert.InRange(capture.FrameIndex, 0, 6);
        var second = Assert.Single(processor.Flush(FakeClock.Start + TimeSpan.FromSeconds(2)));
        Assert.NotEqual(capture.TrackId, second.TrackId);
        Assert.InRange(second.FrameIndex, 7, 13);
    }

    [Fact]
    public void A_desk_frame_with_nobody_in_it_costs_one_detector_run_as_the_portrait_fallbacks_stay_off()
    {
        var detector = new CountingDetector(vision.Pipeline.Detector);
        var p = vision.Pipeline;
        var pipeline = new FacePipeline(detector, p.Landmarker, p.Aligner, p.Embedder, p.LivenessDetector, p.QualityAssessor);
        using var empty = Frame(0, 1.0, 0);

        Assert.Empty(new FrameProcessor(pipeline, new FaceTracker(), new BestShotSelector()).Process(empty));
        var processorRuns = detector.Runs;
        Assert.Empty(pipeline.Analyze(empty.Image, AnalysisOptions.DetectOnly)); // a photo: the fallbacks try too

        Assert.Equal(1, processorRuns);
        Assert.True(detector.Runs - processorRuns > 1, $"{detector.Runs - processorRuns} detector run(s) for the same frame as a photo");
    }

    private static Frame Frame(int index, double gain, double blur, params (Mat Person, int Dx, int Dy)[] people) =>
        new(DeskScene.Frame(gain, blur, people), FakeClock.Start + (index * FrameTime), index);

    private static long BestPassing(float?[] qualities, int from, int to) =>
        Enumerable.Range(from, to - from).Where(i => qualities[i] is not null).MaxBy(i => qualities[i]!.Value);

    private FrameProcessor Processor(TimeSpan window, bool liveness = false) =>
        new(vision.Pipeline, new FaceTracker(), new BestShotSelector(new BestShotOptions { Window = window }), new FrameProcessorOptions { Liveness = liveness });

    /// <summary>The overall quality of the frame's largest face if it passes every gate, measured outside the processor.</summary>
    private float? IndependentQuality(Frame frame)
    {
        var faces = vision.Pipeline.Analyze(frame.Image, new AnalysisOptions { Embed = false, Liveness = false, MaxFaces = 1 });
        using var face = Assert.Single(faces);
        return face.Quality!.Passed ? face.Quality.Overall : null;
    }

    private sealed class CountingDetector(Vision.Detection.IFaceDetector inner) : Vision.Detection.IFaceDetector
    {
        public int Runs { get; private set; }

        public IReadOnlyList<Vision.Detection.FaceDetection> Detect(Mat bgr)
        {
            Runs++;
            return inner.Detect(bgr);
        }
    }
}
