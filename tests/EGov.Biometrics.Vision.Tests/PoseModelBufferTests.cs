using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Quality;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>The pose model writes its input into one buffer per thread: no face may read another face's pixels.</summary>
[Collection(VisionCollection.Name)]
public sealed class PoseModelBufferTests(VisionFixture vision)
{
    [Fact]
    public void The_pose_is_the_model_run_on_the_face_s_own_crop_whatever_ran_before_on_the_thread()
    {
        var (bgr1, box1) = LargestFace(1);
        var (bgr6, box6) = LargestFace(6);
        IHeadPoseEstimator estimator = new HopeNetPoseEstimator(vision.Catalog.OpenForTask("pose"));

        // The reference: a fresh tensor per run, as OnnxModel.Run(Mat) writes it.
        var reference = vision.Catalog.OpenForTask("pose");
        HeadPose Fresh(Mat bgr, FaceBox box)
        {
            using var patch = ImageTensor.CropResized(bgr, new FaceBox(box.X - (box.Width / 4), box.Y - (box.Height / 4), box.Width * 1.5f, box.Height * 1.5f), reference.InputSize);
            var outputs = reference.Run(patch);
            return new HeadPose(HopeNetPoseEstimator.Angle(outputs[0]), HopeNetPoseEstimator.Angle(outputs[1]), HopeNetPoseEstimator.Angle(outputs[2]));
        }

        var expected1 = Fresh(bgr1, box1);
        var expected6 = Fresh(bgr6, box6);
        Assert.NotEqual(expected1, expected6);

        // Two threads, each alternating the two faces through its own buffer.
        Parallel.For(0, 2, thread =>
        {
            for (var i = 0; i < 6; i++)
            {
                var first = (i + thread) % 2 == 0;
                var pose = first ? estimator.Estimate(bgr1, box1) : estimator.Estimate(bgr6, box6);
                Assert.Equal(first ? expected1 : expected6, pose);
            }
        });
    }

    private (Mat Bgr, FaceBox Box) LargestFace(int sample)
    {
        var bgr = vision.Sample(sample).Bgr;
        return (bgr, vision.Pipeline.Detector.Detect(bgr).MaxBy(d => d.Box.Area)!.Box);
    }
}
