using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Edge.Tracking;

/// <summary>
/// Gives each face a track id that stays the same while the same person stays in front of the camera.
/// A detection continues a track only if its box overlaps the track's last box (IoU) and its appearance
/// agrees with the track's last face; pairs are taken greedily, best first (a desk has few faces, so the
/// optimal assignment would change nothing). Not thread-safe: one worker feeds it frame by frame.
/// </summary>
public sealed class FaceTracker(FaceTrackerOptions? options = null)
{
    private readonly FaceTrackerOptions _options = options ?? FaceTrackerOptions.Default;
    private readonly List<Track> _tracks = [];
    private long _lastId;

    public FaceTrackerOptions Options => _options;

    public int ActiveTracks => _tracks.Count;

    public TrackingResult Update(IReadOnlyList<FaceObservation> observations, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var ended = new List<long>();
        EndWhere(t => time - t.LastSeen > _options.MaxGap, ended);

        var ids = new long[observations.Count];
        var matchedTracks = new HashSet<Track>();
        foreach (var (track, observation) in CandidatePairs(observations))
        {
            if (ids[observation] != 0 || !matchedTracks.Add(track))
            {
                continue;
            }

            ids[observation] = track.Id;
            track.See(observations[observation], time);
        }

        foreach (var track in _tracks.Where(t => !matchedTracks.Contains(t)))
        {
            track.Missed++;
        }

        EndWhere(t => t.Missed > _options.MaxMissedFrames, ended);

        var started = new List<long>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == 0)
            {
                var track = new Track(++_lastId, observations[i], time);
                _tracks.Add(track);
                ids[i] = track.Id;
                started.Add(track.Id);
            }
        }

        // Over capacity, the tracks seen longest ago give way (with MaxTracks above the faces per frame, never this frame's).
        while (_tracks.Count > _options.MaxTracks)
        {
            var oldest = _tracks.MinBy(t => (t.LastSeen, -t.Missed))!;
            _tracks.Remove(oldest);
            ended.Add(oldest.Id);
        }

        return new TrackingResult(ids, started, ended);
    }

    /// <summary>Ends every track (the stream ended) and returns their ids.</summary>
    public IReadOnlyList<long> EndAll()
    {
        var ids = _tracks.Select(t => t.Id).ToList();
        _tracks.Clear();
        return ids;
    }

    /// <summary>Every (track, observation index) pair that may be the same face, best first.</summary>
    private IEnumerable<(Track Track, int Observation)> CandidatePairs(IReadOnlyList<FaceObservation> observations)
    {
        var pairs = new List<(Track Track, int Observation, float Score)>();
        foreach (var track in _tracks)
        {
            for (var i = 0; i < observations.Count; i++)
            {
                var iou = track.Box.IntersectionOverUnion(observations[i].Box);
                if (iou < _options.MinIoU)
                {
                    continue;
                }

                var (similarity, threshold) = track.AppearanceSimilarity(observations[i], _options);
                if (similarity >= threshold)
                {
                    pairs.Add((track, i, iou + similarity));
                }
            }
        }

        return pairs.OrderByDescending(p => p.Score).Select(p => (p.Track, p.Observation));
    }

    private void EndWhere(Func<Track, bool> condition, List<long> ended)
    {
        foreach (var track in _tracks.Where(condition).ToList())
        {
            _tracks.Remove(track);
            ended.Add(track.Id);
        }
    }

    private sealed class Track(long id, FaceObservation first, DateTimeOffset time)
    {
        public long Id { get; } = id;

        public FaceBox Box { get; private set; } = first.Box;

        public DateTimeOffset LastSeen { get; private set; } = time;

        public int Missed { get; set; }

        // The last face, not an average: a head turning slowly drifts, a new person jumps.
        private FaceObservation Last { get; set; } = first;

        public void See(FaceObservation observation, DateTimeOffset time)
        {
            Box = observation.Box;
            Last = observation;
            LastSeen = time;
            Missed = 0;
        }

        public (float Similarity, float Threshold) AppearanceSimilarity(FaceObservation observation, FaceTrackerOptions options) =>
            Last.Embedding is { } mine && observation.Embedding is { } theirs && mine.Length == theirs.Length
                ? (AppearanceDescriptor.Similarity(mine, theirs), options.MinEmbeddingSimilarity)
                : (AppearanceDescriptor.Similarity(Last.Descriptor, observation.Descriptor), options.MinDescriptorSimilarity);
    }
}
