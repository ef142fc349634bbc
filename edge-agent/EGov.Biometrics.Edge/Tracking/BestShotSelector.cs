using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Edge.Tracking;

/// <summary>
/// Keeps, per track, the best face of the current window and emits it when the window closes (or the
/// track ends first), so a citizen sitting at the desk yields one capture per window instead of one per
/// frame. A window opens at the track's first face and lasts <see cref="BestShotOptions.Window"/>; a face
/// that fails a quality gate is never kept. The capture is built only for a face that beats the window's
/// best so far, so encoding costs nothing for the rest. Besides the best face, a window keeps a few context crops
/// of the track taken at evenly spaced times (<see cref="BestShotOptions.LivenessFrames"/>), whatever their quality:
/// the server judges liveness over the visit from them. For the server's active check it also keeps the window's frames
/// with the most closed eyes and the head turned furthest each way (<see cref="ActiveEvidence"/>). Not thread-safe: one worker feeds it.
/// </summary>
public sealed class BestShotSelector(BestShotOptions? options = null)
{
    private readonly BestShotOptions _options = options ?? BestShotOptions.Default;
    private readonly Dictionary<long, Window> _windows = [];
    private readonly List<FaceCapture> _ready = [];

    /// <summary>Tracks with an open window (bounded by the live tracks: every window closes by time).</summary>
    public int OpenWindows => _windows.Count;

    /// <summary>
    /// Offers one face of a track; <paramref name="build"/> runs only if it is the window's best so far, and
    /// <paramref name="livenessFrame"/> only when the window is due its next liveness frame or the face is the window's
    /// most closed-eyed or most turned so far (once per face at most).
    /// </summary>
    /// <returns>Whether the face became the window's best.</returns>
    public bool Offer(long trackId, DateTimeOffset time, QualityReport quality, Func<FaceCapture> build, Func<byte[]>? livenessFrame = null)
    {
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(build);
        var window = Observe(trackId, time, quality.Pose, quality.Eyes, livenessFrame);
        window.LastJudged = quality;
        if (!quality.Passed || quality.Overall < _options.MinQuality || (window.Best is not null && quality.Overall <= window.BestQuality))
        {
            return false;
        }

        window.Best = build();
        window.BestQuality = quality.Overall;
        window.BestReport = quality;
        return true;
    }

    /// <summary>
    /// A face that cannot become the window's best (<see cref="BestShotCandidate"/> said so without the pose model): it
    /// still opens the window and counts for the liveness frames and the active-check evidence, like any offered face.
    /// </summary>
    public void Pass(long trackId, DateTimeOffset time, HeadPose pose, EyeState eyes, Func<byte[]>? livenessFrame = null) =>
        Observe(trackId, time, pose, eyes, livenessFrame);

    /// <summary>
    /// In the track's window open at <paramref name="time"/>: the quality of its best face and of the face last offered
    /// with a full report (whether it passed or not); null where there is none yet.
    /// </summary>
    public (QualityReport? Best, QualityReport? LastJudged) Standing(long trackId, DateTimeOffset time) =>
        _windows.TryGetValue(trackId, out var window) && time < window.End ? (window.BestReport, window.LastJudged) : (null, null);

    /// <summary>The minimum overall quality a best shot needs (<see cref="BestShotOptions.MinQuality"/>).</summary>
    public float MinQuality => _options.MinQuality;

    private Window Observe(long trackId, DateTimeOffset time, HeadPose pose, EyeState eyes, Func<byte[]>? livenessFrame)
    {
        if (_windows.TryGetValue(trackId, out var window) && time >= window.End)
        {
            Close(trackId, window);
            window = null;
        }

        if (window is null)
        {
            window = new Window(time, time + _options.Window);
            _windows[trackId] = window;
        }

        if (livenessFrame is not null)
        {
            byte[]? encoded = null;
            byte[] Frame() => encoded ??= livenessFrame();
            if (window.Frames.Count < _options.LivenessFrames
                && time >= window.Start + (_options.Window * window.Frames.Count / _options.LivenessFrames))
            {
                window.Frames.Add(Frame());
            }

            if (_options.ActiveEvidence)
            {
                window.Evidence.Offer(pose, eyes, Frame);
            }
        }

        return window;
    }

    /// <summary>The track ended: its window closes now, and its best, if any, is emitted at the next <see cref="Collect"/>.</summary>
    public void EndTrack(long trackId)
    {
        if (_windows.TryGetValue(trackId, out var window))
        {
            Close(trackId, window);
        }
    }

    /// <summary>Closes every window that ended at or before <paramref name="now"/> and returns all captures ready since the last call.</summary>
    public IReadOnlyList<FaceCapture> Collect(DateTimeOffset now)
    {
        foreach (var (trackId, window) in _windows.Where(w => w.Value.End <= now).ToList())
        {
            Close(trackId, window);
        }

        if (_ready.Count == 0)
        {
            return [];
        }

        var captures = _ready.ToArray();
        _ready.Clear();
        return captures;
    }

    private void Close(long trackId, Window window)
    {
        _windows.Remove(trackId);
        if (window.Best is { } best)
        {
            _ready.Add(best with { LivenessFrames = [.. window.Frames, .. window.Evidence.Frames(window.Frames)] });
        }
    }

    private sealed class Window(DateTimeOffset start, DateTimeOffset end)
    {
        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public List<byte[]> Frames { get; } = [];

        public ActiveEvidence Evidence { get; } = new();

        public FaceCapture? Best { get; set; }

        public float BestQuality { get; set; }

        public QualityReport? BestReport { get; set; }

        public QualityReport? LastJudged { get; set; }
    }
}
