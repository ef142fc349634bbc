using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Edge.Sources;

/// <summary>
/// The images of a folder (jpg, jpeg, png, bmp; ordinal name order) played as frames at a set rate,
/// once or in a loop. The folder is listed again at each pass, so files added or removed between
/// passes are seen. A file that is not a valid image is skipped and counted; a folder or file that
/// vanishes while playing is an error (the resilient source reopens the folder).
/// </summary>
public sealed class ImageFolderSource : IFrameSource
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp" };

    private readonly TimeSpan _period;
    private readonly TimeProvider _time;
    private int _skippedFiles;

    public ImageFolderSource(string directory, double frameRate, bool loop = false, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!(frameRate > 0 && double.IsFinite(frameRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be a positive number.");
        }

        Directory = Path.GetFullPath(directory);
        FrameRate = frameRate;
        Loop = loop;
        _period = TimeSpan.FromSeconds(1 / frameRate);
        _time = time ?? TimeProvider.System;
    }

    public string Directory { get; }

    public double FrameRate { get; }

    public bool Loop { get; }

    /// <summary>Files skipped because they were not valid images (since this source was created).</summary>
    public int SkippedFiles => Volatile.Read(ref _skippedFiles);

    public string Description => $"folder {Directory}";

    public async IAsyncEnumerator<Frame> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        long index = 0;
        var next = _time.GetUtcNow();
        do
        {
            var played = 0;
            foreach (var file in ListImages())
            {
                var image = Decode(file);
                if (image is null)
                {
                    continue;
                }

                // Frames leave on a fixed schedule; a consumer that falls behind gets them at once, not in a burst later.
                var now = _time.GetUtcNow();
                if (next > now)
                {
                    try
                    {
                        await Task.Delay(next - now, _time, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        image.Dispose();
                        throw;
                    }

                    now = next;
                }

                next = now + _period;
                played++;
                yield return new Frame(image, now, index++);
            }

            // Without this, a loop over a folder of unreadable files would spin.
            if (played == 0)
            {
                throw new FrameSourceException($"{Description} holds no readable jpg, jpeg, png or bmp image.");
            }
        }
        while (Loop);
    }

    private string[] ListImages()
    {
        try
        {
            var files = System.IO.Directory.EnumerateFiles(Directory)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
                .ToArray();
            Array.Sort(files, StringComparer.Ordinal);
            return files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameSourceException($"Cannot list {Description}: {e.Message}", e);
        }
    }

    private OpenCvSharp.Mat? Decode(string file)
    {
        try
        {
            return ImageDecoder.DecodeFile(file).Bgr;
        }
        catch (InvalidImageException)
        {
            Interlocked.Increment(ref _skippedFiles);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameSourceException($"Cannot read {file}: {e.Message}", e);
        }
    }
}
