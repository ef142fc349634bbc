using EGov.Biometrics.Edge.Sources;
using EGov.Biometrics.Edge.Tests.Tracking;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Landmarks;
using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Pipeline;
using EGov.Biometrics.Vision.Quality;
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

    [Fact]
    public void Running_the_pose_model_only_for_best_shot_candidates_chooses_the_same_captures_as_running_it_for_every_face()
    {
        // The footage of the tests above: one person whose brightness, focus and place wander; two side by side; one
        // citizen after another; and one person in front of a camera whose exposure drifts slowly frame to frame.
        List<Frame>[] footage =
        [
            [.. Enumerable.Range(0, 30).Select(i => Frame(i, 0.9 + (0.02 * (i % 7)), 0.4 * (i % 4), (vision.Person(3, 1), (i % 5) - 2, (i % 3) - 1)))],
            [.. Enumerable.Range(0, 10).Select(i => Frame(i, 1.0, 0, (vision.Person(5, 3), -130, 0), (vision.Person(6, 1), 130, 0)))],
            [.. Enumerable.Range(0, 14).Select(i => Frame(i, 1.0, 0, (vision.Person(i < 7 ? 4 : 1, 0), i % 2, 0)))],
            [.. Enumerable.Range(0, 40).Select(i => Frame(i, 0.85 + (0.006 * i), i % 10 == 0 ? 0.8 : 0, (vision.Person(5, 0), i / 8, 0)))],
        ];
        try
        {
            var candidatesOnly = new CountingQuality(vision.Pipeline.QualityAssessor);
            var everyFace = new CountingQuality(vision.Pipeline.QualityAssessor);
            foreach (var frames in footage)
            {
                var before = Run(frames, everyFace, new FrameProcessorOptions { QualityForEveryFace = true });
                var after = Run(frames, candidatesOnly, FrameProcessorOptions.Default);

                Assert.NotEmpty(before);
                Assert.Equal(Describe(before), Describe(after));
                Assert.Equal(before.Select(c => c.AlignedPng), after.Select(c => c.AlignedPng));
            }

            Assert.True(candidatesOnly.ModelPoses * 2 < everyFace.ModelPoses, $"{candidatesOnly.ModelPoses} pose-model runs against {everyFace.ModelPoses}");
        }
        finally
        {
            foreach (var frame in footage.SelectMany(f => f))
            {
                frame.Dispose();
            }
        }
    }

    [Fact]
    public void A_still_face_costs_one_pose_model_run_per_window()
    {
        var quality = new CountingQuality(vision.Pipeline.QualityAssessor);
        var frames = Enumerable.Range(0, 20).Select(i => Frame(i, 1.0, 0, (vision.Person(6, 0), 0, 0))).ToList();
        try
        {
            var captures = Run(frames, quality, FrameProcessorOptions.Default);

            var capture = Assert.Single(captures);
            Assert.Equal(0, capture.FrameIndex); // the first of equals stays the best
            Assert.Equal(1, quality.ModelPoses);
            Assert.Equal(20, quality.Measures);
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public void A_face_too_small_to_pass_the_quality_gates_costs_no_landmark_run_and_is_still_tracked()
    {
        var frames = Enumerable.Range(0, 6).Select(i => Frame(i, 1.0, 0, (vision.Person(6, 0), i, 0))).ToList();
        try
        {
            // The same footage, once with the gates' minimum face height above this face's box and once at the default.
            var (tooSmallRuns, tooSmallCaptures, tooSmallTracks) = LandmarkRuns(frames, 10_000);
            var (normalRuns, normalCaptures, normalTracks) = LandmarkRuns(frames, null);

            Assert.Equal(0, tooSmallRuns);
            Assert.Empty(tooSmallCaptures);
            Assert.Equal(1, tooSmallTracks); // followed by its box alone, one track over all frames
            Assert.Equal(frames.Count, normalRuns);
            Assert.Single(normalCaptures);
            Assert.Equal(1, normalTracks);
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public void A_capture_carries_its_liveness_context_crops_as_lossless_pngs()
    {
        var frames = Enumerable.Range(0, 20).Select(i => Frame(i, 1.0, 0, (vision.Person(6, 0), 0, 0))).ToList();
        try
        {
            var capture = Assert.Single(Run(frames, new CountingQuality(vision.Pipeline.QualityAssessor), FrameProcessorOptions.Default));

            // The window's first context crop is of frame 0, the best shot's frame (a still face: the first of equals).
            Assert.Equal(0, capture.FrameIndex);
            Assert.NotEmpty(capture.LivenessFrames);
            using var expected = LivenessContext.Crop(frames[0].Image, capture.Box);
            using var sent = Cv2.ImDecode(capture.LivenessFrames[0], ImreadModes.Color);
            Assert.False(sent.Empty(), "the first liveness frame is not an encoded image");
            Assert.Equal(expected.Size(), sent.Size());
            Assert.Equal(0, Cv2.Norm(expected, sent, NormTypes.INF));
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
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
        // The edge's best shots carry the pose model's quality (the pipeline's default is the landmark pose).
        var faces = vision.Pipeline.Analyze(frame.Image, new AnalysisOptions { Embed = false, Liveness = false, MaxFaces = 1, Pose = PoseSource.Model });
        using var face = Assert.Single(faces);
        return face.Quality!.Passed ? face.Quality.Overall : null;
    }

    private List<FaceCapture> Run(List<Frame> frames, CountingQuality quality, FrameProcessorOptions options)
    {
        var p = vision.Pipeline;
        var pipeline = new FacePipeline(p.Detector, p.Landmarker, p.Aligner, p.Embedder, p.LivenessDetector, quality);
        var processor = new FrameProcessor(pipeline, new FaceTracker(), new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(2) }), options);
        var captures = frames.SelectMany(processor.Process).ToList();
        captures.AddRange(processor.Flush(frames[^1].CapturedAt + FrameTime));
        return captures;
    }

    private (int LandmarkRuns, List<FaceCapture> Captures, int TracksStarted) LandmarkRuns(List<Frame> frames, float? minFaceHeight)
    {
        var p = vision.Pipeline;
        var landmarker = new CountingLandmarker(p.Landmarker);
        var pipeline = new FacePipeline(p.Detector, landmarker, p.Aligner, p.Embedder, p.LivenessDetector, new CountingQuality(p.QualityAssessor, minFaceHeight));
        var processor = new FrameProcessor(pipeline, new FaceTracker(), new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(2) }));
        var captures = frames.SelectMany(processor.Process).ToList();
        captures.AddRange(processor.Flush(frames[^1].CapturedAt + FrameTime));
        return (landmarker.Runs, captures, processor.Visits.Collect().Count);
    }

    // The best shot of each window. Not its active-check evidence frames: for a face that was no candidate, the frame
    // most turned is judged by the landmark pose (BestShotCandidate's estimate), not the pose model's.
    private static List<string> Describe(List<FaceCapture> captures) =>
        [.. captures.Select(c => $"track {c.TrackId} frame {c.FrameIndex} at {c.CapturedAt:O} quality {c.Quality:R} box {c.Box}")];

    /// <summary>The pipeline's quality assessor, counting its pose-model runs and cheap measures.</summary>
    private sealed class CountingQuality(IFaceQualityAssessor inner, float? minFaceHeight = null) : IFaceQualityAssessor
    {
        public float MinFaceHeight => minFaceHeight ?? inner.MinFaceHeight;

        public int ModelPoses { get; private set; }

        public int Measures { get; private set; }

        public QualityReport Assess(Mat bgr, Vision.Detection.FaceDetection face, FaceLandmarks landmarks, Mat aligned, PoseSource pose = PoseSource.Model)
        {
            ModelPoses += pose == PoseSource.Model ? 1 : 0;
            return inner.Assess(bgr, face, landmarks, aligned, pose);
        }

        public QualityMeasures Measure(Mat bgr, FaceBox face, FaceLandmarks landmarks, Mat aligned)
        {
            Measures++;
            return inner.Measure(bgr, face, landmarks, aligned);
        }

        public HeadPose ModelPose(Mat bgr, FaceBox face)
        {
            ModelPoses++;
            return inner.ModelPose(bgr, face);
        }

        public QualityReport Judge(QualityMeasures measures, HeadPose pose) => inner.Judge(measures, pose);
    }

    private sealed class CountingLandmarker(IFaceLandmarker inner) : IFaceLandmarker
    {
        public int Runs { get; private set; }

        public FaceLandmarks Locate(Mat bgr, FaceBox face)
        {
            Runs++;
            return inner.Locate(bgr, face);
        }
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
