using EGov.Biometrics.Edge.Sources;

namespace EGov.Biometrics.Edge.Tests.Sources;

public sealed class FrameSourceSpecTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("2", 2)]
    [InlineData("/dev/video0", 0)]
    [InlineData("/dev/video12", 12)]
    public void Digits_and_video_devices_are_cameras(string text, int index)
    {
        var spec = FrameSourceSpec.Parse(text);

        Assert.Equal(FrameSourceKind.Camera, spec.Kind);
        Assert.Equal(index, spec.CameraIndex);
        Assert.IsType<VideoCaptureSource>(spec.CreateSource());
    }

    [Theory]
    [InlineData("rtsp://10.0.0.5:554/desk1")]
    [InlineData("rtsps://camera.local/stream")]
    [InlineData("http://camera.local/mjpeg")]
    [InlineData("https://camera.local/live.m3u8")]
    public void Stream_urls_are_streams(string text)
    {
        var spec = FrameSourceSpec.Parse(text);

        Assert.Equal(FrameSourceKind.Stream, spec.Kind);
        Assert.Equal(text, spec.Location);
        Assert.Null(spec.CameraIndex);
    }

    [Fact]
    public void A_stream_description_leaves_out_the_password()
    {
        var spec = FrameSourceSpec.Parse("rtsp://admin:s3cret@camera.local:554/desk1");

        Assert.DoesNotContain("s3cret", spec.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("admin", spec.ToString(), StringComparison.Ordinal);
        Assert.Contains("camera.local:554/desk1", spec.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", spec.CreateSource().Description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_folder_is_a_folder_and_an_existing_file_a_video_file()
    {
        using var temp = new TempDirectory();
        var video = temp.File("desk.mp4");
        File.WriteAllBytes(video, [0]);

        var folder = FrameSourceSpec.Parse(temp.Path);
        var file = FrameSourceSpec.Parse(video);

        Assert.Equal(FrameSourceKind.Folder, folder.Kind);
        Assert.IsType<ImageFolderSource>(folder.CreateSource());
        Assert.Equal(FrameSourceKind.VideoFile, file.Kind);
        Assert.Equal(video, file.Location);
        Assert.IsType<VideoCaptureSource>(file.CreateSource());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("/dev/videoX", "/dev/videoN")]
    [InlineData("ftp://camera.local/x", "rtsp, rtsps, http and https")]
    [InlineData("/no/such/place/desk.mp4", "no such folder or file")]
    [InlineData("99999999999", "too large")]
    public void Anything_else_is_refused_with_the_reason_and_the_accepted_forms(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => FrameSourceSpec.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/video0", error.Message, StringComparison.Ordinal);
    }
}
