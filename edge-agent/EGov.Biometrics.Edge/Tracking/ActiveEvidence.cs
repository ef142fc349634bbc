using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Edge.Tracking;

/// <summary>
/// The frames of a window the server's active check needs most: the one with the most closed eyes (a blink) and the
/// ones turned furthest left and right (a head turn), chosen from the per-frame pose and eye state the edge computes anyway (the pose model's where the face was a
/// best-shot candidate, else the landmark pose carried over from the window's best, see <see cref="BestShotCandidate"/>). A
/// frame is encoded only when it becomes one of these. The server reads pose and eyes again itself: this choice
/// only decides which frames it gets to see.
/// </summary>
internal sealed class ActiveEvidence
{
    private (float Open, byte[] Frame)? _closedEyes;
    private (float Yaw, byte[] Frame)? _left;
    private (float Yaw, byte[] Frame)? _right;

    /// <summary>Keeps the frame if it is the most closed-eyed or the most turned so far (<paramref name="frame"/> encodes it, once).</summary>
    public void Offer(HeadPose pose, EyeState eyes, Func<byte[]> frame)
    {
        var open = Math.Max(eyes.LeftOpen, eyes.RightOpen);
        var yaw = pose.Yaw;
        if (_closedEyes is not { } closed || open < closed.Open)
        {
            _closedEyes = (open, frame());
        }

        if (_left is not { } left || yaw < left.Yaw)
        {
            _left = (yaw, frame());
        }

        if (_right is not { } right || yaw > right.Yaw)
        {
            _right = (yaw, frame());
        }
    }

    /// <summary>The kept frames, each once, leaving out those already in <paramref name="sent"/>.</summary>
    public IEnumerable<byte[]> Frames(IReadOnlyCollection<byte[]> sent) =>
        new[] { _closedEyes?.Frame, _left?.Frame, _right?.Frame }
            .OfType<byte[]>()
            .Distinct(ReferenceEqualityComparer.Instance)
            .Cast<byte[]>()
            .Where(f => !sent.Contains(f, ReferenceEqualityComparer.Instance));
}
