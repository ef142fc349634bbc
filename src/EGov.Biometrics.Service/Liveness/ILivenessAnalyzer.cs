namespace EGov.Biometrics.Service.Liveness;

/// <summary>
/// The server's own liveness judgement of a desk capture: the context crops the agent took of the same track over
/// its best-shot window, scored and combined into one score in [0, 1] (compared with <see cref="Decisions.CaptureGates.MinLiveness"/>).
/// </summary>
public interface ILivenessAnalyzer
{
    /// <summary>Frames a capture may carry, at most.</summary>
    const int MaxFrames = 8;

    /// <summary>The visit's liveness over <paramref name="frames"/>; no frames is no evidence and scores 0.</summary>
    /// <exception cref="ArgumentException">A frame is not an image of the expected size, or there are too many.</exception>
    float ScoreFrames(IReadOnlyList<byte[]> frames);
}
