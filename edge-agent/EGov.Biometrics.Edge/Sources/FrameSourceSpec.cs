using System.Globalization;
using System.Text.RegularExpressions;

namespace EGov.Biometrics.Edge.Sources;

/// <summary>
/// Where frames come from, parsed from one string as an operator writes it in the agent's settings:
/// a camera index (<c>0</c>) or V4L2 device (<c>/dev/video0</c>), a stream URL (<c>rtsp://…</c>,
/// <c>http(s)://…</c>), a folder of images, or a video file.
/// </summary>
public sealed partial record FrameSourceSpec
{
    private FrameSourceSpec(FrameSourceKind kind, string location, int? cameraIndex)
    {
        Kind = kind;
        Location = location;
        CameraIndex = cameraIndex;
    }

    public FrameSourceKind Kind { get; }

    /// <summary>The string as given (a full path for folders and files).</summary>
    public string Location { get; }

    /// <summary>The V4L2 index of a camera (the N of /dev/videoN); null for other kinds.</summary>
    public int? CameraIndex { get; }

    /// <summary>Picks the kind from the text; refuses anything it cannot place with the forms it accepts.</summary>
    /// <exception cref="FormatException">The text is none of the accepted forms.</exception>
    public static FrameSourceSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        if (value.Length == 0)
        {
            throw Unrecognised(text, "it is empty");
        }

        if (value.All(char.IsAsciiDigit))
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? new FrameSourceSpec(FrameSourceKind.Camera, value, index)
                : throw Unrecognised(text, "the camera index is too large");
        }

        // A camera that is unplugged now is still a camera: the resilient source waits for it.
        if (value.StartsWith("/dev/video", StringComparison.Ordinal))
        {
            var match = DevicePath().Match(value);
            return match.Success
                ? new FrameSourceSpec(FrameSourceKind.Camera, value, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
                : throw Unrecognised(text, "a camera device must be /dev/videoN");
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "rtsp" or "rtsps" or "http" or "https")
        {
            return new FrameSourceSpec(FrameSourceKind.Stream, value, null);
        }

        if (value.Contains("://", StringComparison.Ordinal))
        {
            throw Unrecognised(text, "only rtsp, rtsps, http and https streams are supported");
        }

        if (Directory.Exists(value))
        {
            return new FrameSourceSpec(FrameSourceKind.Folder, Path.GetFullPath(value), null);
        }

        if (File.Exists(value))
        {
            return new FrameSourceSpec(FrameSourceKind.VideoFile, Path.GetFullPath(value), null);
        }

        throw Unrecognised(text, "no such folder or file exists");
    }

    /// <summary>A source for this spec. Nothing is opened until the source is enumerated.</summary>
    public IFrameSource CreateSource(FrameSourceOptions? options = null)
    {
        options ??= FrameSourceOptions.Default;
        return Kind == FrameSourceKind.Folder
            ? new ImageFolderSource(Location, options.FolderFrameRate, options.Loop, options.Time)
            : new VideoCaptureSource(this, options);
    }

    /// <summary>The kind and location, with any user name and password of a stream URL left out.</summary>
    public override string ToString()
    {
        var location = Location;
        if (Kind == FrameSourceKind.Stream && Uri.TryCreate(Location, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
        {
            location = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
        }

        return $"{Kind.ToString().ToLowerInvariant()} {location}";
    }

    private static FormatException Unrecognised(string text, string why) => new(
        $"'{text}' is not a frame source ({why}). Use a camera index (0) or device (/dev/video0), " +
        "an rtsp://, http:// or https:// stream URL, an existing folder of images, or an existing video file.");

    [GeneratedRegex(@"^/dev/video(\d{1,4})$")]
    private static partial Regex DevicePath();
}
