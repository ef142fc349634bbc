using EGov.Biometrics.Edge.Sources;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.Tests.Sources;

/// <summary>A source that yields a set number of small frames, then ends normally or fails with a given error.</summary>
public sealed class ScriptedFrameSource(int frames, Exception? failure = null) : IFrameSource
{
    public string Description => "scripted";

    public async IAsyncEnumerator<Frame> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < frames; i++)
        {
            await Task.Yield();
            yield return new Frame(new Mat(8, 8, MatType.CV_8UC3, Scalar.All(i)), DateTimeOffset.UnixEpoch, i);
        }

        if (failure is not null)
        {
            throw failure;
        }
    }
}
