using System.Collections.Concurrent;
using EGov.Biometrics.Service.Liveness;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Service.Tests;

/// <summary>
/// The server's liveness checks as a test scripts them: a frame's bytes name its passive score and what the server
/// would read in it (pose, eyes, whether it shows the decision's face); frames combine as the real analyzer combines
/// them (<see cref="PresentationAttackDetector.OverFrames"/>: no frames score 0), and the active check's rule is the real one.
/// </summary>
public sealed class ScriptedLiveness : ILivenessAnalyzer, IFrameSignalReader
{
    private static readonly EyeState Open = new(0.95f, 0.95f);
    private readonly ConcurrentDictionary<string, (float Score, FrameSignals Signals)> _frames = new(StringComparer.Ordinal);

    /// <summary>Three frames of a live visit, as an agent sends them: the citizen looks left, ahead and right.</summary>
    public IReadOnlyList<byte[]> Live => [Frame("live-1", 0.9f, yaw: -12), Frame("live-2", 0.8f), Frame("live-3", 0.95f, yaw: 12)];

    /// <summary>Three frames of a phone screen held to the camera.</summary>
    public IReadOnlyList<byte[]> Screen => [Frame("screen-1", 0.1f), Frame("screen-2", 0.2f), Frame("screen-3", 0.05f)];

    /// <summary>Three frames of a still photo that the passive check takes for live: no blink, no head turn.</summary>
    public IReadOnlyList<byte[]> Still => [Frame("still-1", 0.9f, yaw: 3), Frame("still-2", 0.9f, yaw: 4), Frame("still-3", 0.9f, yaw: 2)];

    /// <summary>How many times the active check's signals were read.</summary>
    public int Reads { get; private set; }

    /// <summary>A frame that scores <paramref name="score"/> and shows a face at <paramref name="yaw"/> (the decision's
    /// face unless <paramref name="sameFace"/> is false) with its eyes open or closed.</summary>
    public byte[] Frame(string name, float score, float yaw = 0, bool eyesClosed = false, bool sameFace = true)
    {
        _frames[name] = (score, new FrameSignals(sameFace, new HeadPose(yaw, 0, 0), eyesClosed ? new EyeState(0.05f, 0.05f) : Open));
        return System.Text.Encoding.UTF8.GetBytes(name);
    }

    public float ScoreFrames(IReadOnlyList<byte[]> frames) =>
        PresentationAttackDetector.OverFrames(frames.Select(f => Scripted(f).Score).ToList());

    public IReadOnlyList<FrameSignals> Read(IReadOnlyList<byte[]> frames, FaceTemplate decided)
    {
        Reads++;
        return frames.Select(f => Scripted(f).Signals).ToList();
    }

    private (float Score, FrameSignals Signals) Scripted(byte[] frame) =>
        _frames.TryGetValue(System.Text.Encoding.UTF8.GetString(frame), out var scripted) ? scripted : throw new ArgumentException("Liveness frame is not a usable image.");
}
