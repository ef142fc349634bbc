using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Liveness;

/// <summary>
/// Reads, from each liveness frame of a desk capture, the signals the active check judges (<see cref="FrameSignals"/>):
/// the server's own detection, head pose and eye state, and whether the face is the one the decision is taken on.
/// </summary>
public interface IFrameSignalReader
{
    /// <summary>One <see cref="FrameSignals"/> per frame, in order.</summary>
    /// <exception cref="ArgumentException">A frame is not a usable image, or there are too many.</exception>
    IReadOnlyList<FrameSignals> Read(IReadOnlyList<byte[]> frames, FaceTemplate decided);
}
