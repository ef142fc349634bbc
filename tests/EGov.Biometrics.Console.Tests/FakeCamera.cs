using OpenCvSharp;

namespace EGov.Biometrics.Console.Tests;

/// <summary>
/// A Y4M file (planar I420) that Chromium plays as its camera (--use-file-for-fake-video-capture); it loops the frames.
/// </summary>
public static class FakeCamera
{
    public static void Write(string path, IReadOnlyList<Mat> bgrFrames, int framesPerSecond = 10)
    {
        var width = bgrFrames[0].Cols;
        var height = bgrFrames[0].Rows;
        using var file = File.Create(path);
        file.Write(System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F{framesPerSecond}:1 Ip A1:1 C420jpeg\n"));
        using var yuv = new Mat();
        foreach (var frame in bgrFrames)
        {
            if (frame.Cols != width || frame.Rows != height)
            {
                throw new ArgumentException($"Every frame must be {width}x{height}; one is {frame.Cols}x{frame.Rows}.", nameof(bgrFrames));
            }

            // BGR2YUV_I420 lays out the Y plane, then U, then V: exactly a Y4M 4:2:0 frame body.
            Cv2.CvtColor(frame, yuv, ColorConversionCodes.BGR2YUV_I420);
            file.Write("FRAME\n"u8);
            yuv.GetArray(out byte[] planes);
            file.Write(planes);
        }
    }
}
