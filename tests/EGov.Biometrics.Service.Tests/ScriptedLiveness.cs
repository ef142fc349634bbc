using System.Collections.Concurrent;
using EGov.Biometrics.Service.Liveness;
using EGov.Biometrics.Vision.Liveness;

namespace EGov.Biometrics.Service.Tests;

/// <summary>
/// The server's liveness check as a test scripts it: a frame's bytes name its score; frames combine as the real
/// analyzer combines them (<see cref="PresentationAttackDetector.OverFrames"/>: no frames score 0).
/// </summary>
public sealed class ScriptedLiveness : ILivenessAnalyzer
{
    private readonly ConcurrentDictionary<string, float> _frames = new(StringComparer.Ordinal);

    /// <summary>Three frames of a live visit, as an agent sends them.</summary>
    public IReadOnlyList<byte[]> Live => [Frame("live-1", 0.9f), Frame("live-2", 0.8f), Frame("live-3", 0.95f)];

    /// <summary>Three frames of a phone screen held to the camera.</summary>
    public IReadOnlyList<byte[]> Screen => [Frame("screen-1", 0.1f), Frame("screen-2", 0.2f), Frame("screen-3", 0.05f)];

    /// <summary>A frame that scores <paramref name="score"/>.</summary>
    public byte[] Frame(string name, float score)
    {
        _frames[name] = score;
        return System.Text.Encoding.UTF8.GetBytes(name);
    }

    public float ScoreFrames(IReadOnlyList<byte[]> frames) =>
        PresentationAttackDetector.OverFrames(frames.Select(f =>
            _frames.TryGetValue(System.Text.Encoding.UTF8.GetString(f), out var score) ? score : throw new ArgumentException("Liveness frame is not a usable image.")).ToList());
}
