using EGov.Biometrics.Edge.Sources;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>What the agent is doing, shared by its workers and reported in every heartbeat.</summary>
public sealed class AgentStatus(TimeProvider time)
{
    private readonly Queue<long> _recentFrames = new();
    private long _frames;
    private long _framesSkipped;
    private long _captures;
    private long _acknowledged;
    private long _identified;
    private long _refused;
    private CameraState? _camera;

    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Frames a live source delivered while the agent was still busy with an earlier one.</summary>
    public long FramesSkipped => Interlocked.Read(ref _framesSkipped);

    /// <summary>Captures the processor produced (each was queued on disk).</summary>
    public long Captures => Interlocked.Read(ref _captures);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Identified => Interlocked.Read(ref _identified);

    /// <summary>Captures the server refused (bad input): dropped, never resent.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public CameraState? Camera => Volatile.Read(ref _camera);

    public bool Connected { get; set; }

    public bool SourceEnded { get; set; }

    /// <summary>Frames processed per second over the last five seconds.</summary>
    public double Fps
    {
        get
        {
            lock (_recentFrames)
            {
                Trim(time.GetTimestamp());
                return _recentFrames.Count / 5.0;
            }
        }
    }

    public void FrameProcessed()
    {
        Interlocked.Increment(ref _frames);
        lock (_recentFrames)
        {
            var now = time.GetTimestamp();
            _recentFrames.Enqueue(now);
            Trim(now);
        }
    }

    public void FrameSkipped() => Interlocked.Increment(ref _framesSkipped);

    public void CaptureQueued() => Interlocked.Increment(ref _captures);

    public void CaptureAcknowledged(bool identified)
    {
        Interlocked.Increment(ref _acknowledged);
        if (identified)
        {
            Interlocked.Increment(ref _identified);
        }
    }

    public void CaptureRefused() => Interlocked.Increment(ref _refused);

    public void CameraChanged(CameraState state) => Volatile.Write(ref _camera, state);

    private void Trim(long now)
    {
        while (_recentFrames.Count > 0 && time.GetElapsedTime(_recentFrames.Peek(), now) > TimeSpan.FromSeconds(5))
        {
            _recentFrames.Dequeue();
        }
    }
}
