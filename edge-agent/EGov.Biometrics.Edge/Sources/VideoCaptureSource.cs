using OpenCvSharp;

namespace EGov.Biometrics.Edge.Sources;

/// <summary>
/// Frames from OpenCV's <see cref="VideoCapture"/>: a V4L2 camera, a network stream (FFmpeg) or a video file.
/// Reads block in native code, so they run on the thread pool and the consumer's thread stays free.
/// </summary>
public sealed class VideoCaptureSource : IFrameSource
{
    // OpenCV's CAP_PROP_OPEN_TIMEOUT_MSEC and CAP_PROP_READ_TIMEOUT_MSEC, which OpenCvSharp does not name.
    private const int OpenTimeoutProperty = 53;
    private const int ReadTimeoutProperty = 54;

    // Files that report no usable rate are played at this one.
    private const double FallbackFps = 25;

    private readonly FrameSourceSpec _spec;
    private readonly FrameSourceOptions _options;

    public VideoCaptureSource(FrameSourceSpec spec, FrameSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind == FrameSourceKind.Folder)
        {
            throw new ArgumentException("An image folder is read by ImageFolderSource.", nameof(spec));
        }

        _spec = spec;
        _options = options ?? FrameSourceOptions.Default;
    }

    public string Description => _spec.ToString();

    public async IAsyncEnumerator<Frame> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var time = _options.Time;
        var capture = await Task.Run(Open, cancellationToken).ConfigureAwait(false);
        try
        {
            var isFile = _spec.Kind == FrameSourceKind.VideoFile;
            var fps = capture.Fps is > 0 and < 1000 ? capture.Fps : FallbackFps;
            var start = time.GetUtcNow();
            for (long index = 0; ; index++)
            {
                var image = await ReadAsync(capture, cancellationToken).ConfigureAwait(false);
                if (image is null)
                {
                    if (isFile)
                    {
                        yield break;
                    }

                    throw new FrameSourceException($"{Description} stopped delivering frames.");
                }

                DateTimeOffset capturedAt;
                try
                {
                    capturedAt = isFile
                        ? await FilePositionAsync(start, index, fps, time, cancellationToken).ConfigureAwait(false)
                        : time.GetUtcNow();
                }
                catch
                {
                    image.Dispose();
                    throw;
                }

                yield return new Frame(image, capturedAt, index);
            }
        }
        finally
        {
            capture.Dispose();
        }
    }

    /// <summary>Where frame <paramref name="index"/> of a file falls in time; in real time it also waits until then.</summary>
    private async Task<DateTimeOffset> FilePositionAsync(DateTimeOffset start, long index, double fps, TimeProvider time, CancellationToken cancellationToken)
    {
        var due = start + TimeSpan.FromSeconds(index / fps);
        var wait = due - time.GetUtcNow();
        if (_options.Realtime && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        return due;
    }

    private static async Task<Mat?> ReadAsync(VideoCapture capture, CancellationToken cancellationToken)
    {
        var image = new Mat();
        try
        {
            var read = await Task.Run(() => capture.Read(image), cancellationToken).ConfigureAwait(false);
            if (read && !image.Empty())
            {
                return image;
            }
        }
        catch
        {
            image.Dispose();
            throw;
        }

        image.Dispose();
        return null;
    }

    private VideoCapture Open()
    {
        var capture = _spec.Kind switch
        {
            // OpenCV's V4L2 backend opens cameras by index only.
            FrameSourceKind.Camera => new VideoCapture(_spec.CameraIndex ?? 0, VideoCaptureAPIs.V4L2),
            FrameSourceKind.Stream => new VideoCapture(_spec.Location, VideoCaptureAPIs.FFMPEG,
            [
                OpenTimeoutProperty, (int)_options.StreamTimeout.TotalMilliseconds,
                ReadTimeoutProperty, (int)_options.StreamTimeout.TotalMilliseconds,
            ]),
            _ => new VideoCapture(_spec.Location, VideoCaptureAPIs.FFMPEG),
        };

        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new FrameSourceException($"Cannot open {Description}.");
        }

        return capture;
    }
}
