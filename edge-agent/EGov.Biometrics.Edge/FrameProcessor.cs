using EGov.Biometrics.Edge.Sources;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Pipeline;
using EGov.Biometrics.Vision.Quality;
using OpenCvSharp;

namespace EGov.Biometrics.Edge;

/// <summary>
/// One frame through detection, landmarks, alignment and the cheap quality measures (liveness optional, no embedding
/// unless tracking asks for it), then the tracker and the best-shot selector; returns the captures that became
/// ready, each with context crops of its track for the server's liveness check. The pose model (the costliest part of
/// quality) runs only for a face that could beat its window's best (<see cref="BestShotCandidate"/>); a face too small to
/// pass the quality gates (<see cref="IFaceQualityAssessor.MinFaceHeight"/>) gets no landmarks at all: it is tracked by its
/// box and offered to no window. It holds no queue: its state is bounded by the live tracks, so a worker that drops frames while
/// busy simply calls it less often. Not thread-safe: one worker calls it.
/// </summary>
public sealed class FrameProcessor
{
    private readonly FacePipeline _pipeline;
    private readonly AnalysisOptions _analysis;
    private readonly bool _trackOnly;
    private readonly bool _qualityForEveryFace;
    private int _busy;

    public FrameProcessor(FacePipeline pipeline, FaceTracker tracker, BestShotSelector selector, FrameProcessorOptions? options = null)
    {
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        Tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));
        Selector = selector ?? throw new ArgumentNullException(nameof(selector));
        options ??= FrameProcessorOptions.Default;
        _trackOnly = options.TrackOnly;
        _qualityForEveryFace = options.QualityForEveryFace;
        _analysis = new AnalysisOptions
        {
            Quality = false, // measured here, the pose model only for best-shot candidates
            Liveness = options.Liveness && !_trackOnly,
            Embed = options.EmbeddingsForTracking && !_trackOnly,
            MaxFaces = options.MaxFaces,
            Fallbacks = false, // camera frames, not portrait crops: a frame with nobody in it costs one detector run
        };
    }

    public FaceTracker Tracker { get; }

    public BestShotSelector Selector { get; }

    /// <summary>Visits (tracks that ended) and the people in view now; the worker collects them after each frame.</summary>
    public VisitRecorder Visits { get; } = new();

    /// <summary>Analyses one frame; the caller still owns (and disposes) the frame.</summary>
    public IReadOnlyList<FaceCapture> Process(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnterAlone();
        try
        {
            var detections = _pipeline.Detect(frame.Image, _analysis);
            var faces = new List<FaceAnalysis>(detections.Count);
            var tooSmall = new List<FaceDetection>();
            try
            {
                foreach (var detection in detections)
                {
                    // Track-only keeps every face on its aligned descriptor: visits are all it counts.
                    if (!_trackOnly && detection.Box.Height < _pipeline.QualityAssessor.MinFaceHeight)
                    {
                        tooSmall.Add(detection);
                    }
                    else
                    {
                        faces.Add(_pipeline.AnalyzeFace(frame.Image, detection, _analysis));
                    }
                }

                return Track(frame, faces, tooSmall);
            }
            finally
            {
                foreach (var face in faces)
                {
                    face.Dispose();
                }
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>The stream ended: every track ends and every pending best shot is returned.</summary>
    public IReadOnlyList<FaceCapture> Flush(DateTimeOffset now)
    {
        EnterAlone();
        try
        {
            foreach (var ended in Tracker.EndAll())
            {
                Selector.EndTrack(ended);
            }

            Visits.EndAll();

            return EncodeLivenessFrames(Selector.Collect(now));
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Tracks every face; only <paramref name="faces"/> (the first observations) go on to the best-shot selector.</summary>
    private IReadOnlyList<FaceCapture> Track(Frame frame, IReadOnlyList<FaceAnalysis> faces, IReadOnlyList<FaceDetection> tooSmall)
    {
        var tracking = Tracker.Update(
            [
                .. faces.Select(f => FaceObservation.FromAlignedCrop(f.Detection.Box, f.Aligned.Image, f.Embedding?.Vector)),
                .. tooSmall.Select(d => FaceObservation.FromBox(d.Box, frame.Image)),
            ],
            frame.CapturedAt);
        Visits.Observe(tracking, frame.CapturedAt);
        if (_trackOnly)
        {
            return [];
        }

        foreach (var ended in tracking.EndedTracks)
        {
            Selector.EndTrack(ended);
        }

        var assessor = _pipeline.QualityAssessor;
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            var trackId = tracking.TrackIds[i];
            var measures = assessor.Measure(frame.Image, face.Detection.Box, face.Landmarks, face.Aligned.Image);
            var (best, judged) = Selector.Standing(trackId, frame.CapturedAt);
            var (candidate, estimate) = _qualityForEveryFace
                ? (true, default)
                : BestShotCandidate.Screen(assessor, measures, best, judged, Selector.MinQuality);
            if (candidate)
            {
                var quality = assessor.Judge(measures, assessor.ModelPose(frame.Image, face.Detection.Box));
                Selector.Offer(trackId, frame.CapturedAt, quality, () => ToCapture(face, trackId, frame, quality), () => LivenessFrame(face, frame));
            }
            else
            {
                Selector.Pass(trackId, frame.CapturedAt, estimate, measures.Eyes, () => LivenessFrame(face, frame));
            }
        }

        return EncodeLivenessFrames(Selector.Collect(frame.CapturedAt));
    }

    private static FaceCapture ToCapture(FaceAnalysis face, long trackId, Frame frame, QualityReport quality)
    {
        // PNG, not JPEG: the server embeds exactly the pixels the edge judged.
        Cv2.ImEncode(".png", face.Aligned.Image, out var png);
        return new FaceCapture(
            Guid.CreateVersion7(frame.CapturedAt),
            trackId,
            frame.Index,
            frame.CapturedAt.ToUniversalTime(),
            png,
            face.Detection.Box,
            face.Detection.Score,
            face.Landmarks.Points5.ToArray(),
            face.Landmarks.Points68.ToArray(),
            quality.Overall,
            face.Liveness);
    }

    // The selector keeps the context crops as raw pixels: most are never sent (a window with no best shot, a frame
    // replaced by a more turned one), so only those of an emitted capture are encoded.
    private static byte[] LivenessFrame(FaceAnalysis face, Frame frame)
    {
        using var context = LivenessContext.Crop(frame.Image, face.Detection.Box);
        var pixels = new byte[LivenessContext.Side * LivenessContext.Side * 3];
        if (context.Type() != MatType.CV_8UC3 || !context.IsContinuous())
        {
            throw new InvalidOperationException("Expected a continuous 8-bit BGR liveness context crop.");
        }

        System.Runtime.InteropServices.Marshal.Copy(context.Data, pixels, 0, pixels.Length);
        return pixels;
    }

    // Lossless: the server looks for moiré and print dots, which JPEG would smear or invent.
    private static IReadOnlyList<FaceCapture> EncodeLivenessFrames(IReadOnlyList<FaceCapture> captures) =>
        [.. captures.Select(c => c with { LivenessFrames = [.. c.LivenessFrames.Select(EncodePng)] })];

    private static byte[] EncodePng(byte[] pixels)
    {
        using var context = Mat.FromPixelData(LivenessContext.Side, LivenessContext.Side, MatType.CV_8UC3, pixels);
        Cv2.ImEncode(".png", context, out var png);
        return png;
    }

    // Two workers on one processor would interleave tracker updates; fail loudly rather than mis-track.
    private void EnterAlone()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("FrameProcessor is used by one worker at a time.");
        }
    }
}
