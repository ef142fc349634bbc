using System.Numerics;
using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Quality;

/// <summary>
/// Head pose from the 68 landmarks: <c>solvePnP</c> (SQPnP: the global optimum, about 0.1 ms; the iterative solver
/// took 30 times as long and now and then settled upside down) of 14 stable points (brows, eye corners, nose wings, mouth, chin)
/// against a mean 3-D face, angles in the pose model's convention (yaw, pitch, roll in degrees). The camera looks
/// straight at the face (principal point at the landmarks' centre, focal length a few face widths), because the pose
/// model judges a crop of the face and never knows where in the frame it was. Agreement with the pose model on LFW:
/// docs/benchmarks.md (<c>egov-bio bench pose</c>).
/// </summary>
public static class LandmarkPoseEstimator
{
    // iBUG indices and a mean 3-D face for them (the 14-point model of lincolnhard/head-pose-estimation, MIT),
    // turned into the camera's axes: x to the image's right, y down, z away from the camera.
    private static readonly int[] Indices = [17, 21, 22, 26, 36, 39, 42, 45, 31, 35, 48, 54, 57, 8];

    // That face's depth made half as deep again: with it the yaw moves one degree per degree of the pose model's on LFW
    // (slope 0.70 as published, 1.0 at 1.5, 1.4 at 2).
    private const float DepthScale = 1.5f;

    // The mean face's "straight ahead" is tilted this far from the pose model's (degrees, median over 400 LFW faces).
    private const float PitchOffset = 5.7f;

    private static readonly Point3f[] MeanFace = Deepened(
    [
        new(-6.825897f, -6.760612f, -4.402142f),
        new(-1.330353f, -7.122144f, -6.903745f),
        new(1.330353f, -7.122144f, -6.903745f),
        new(6.825897f, -6.760612f, -4.402142f),
        new(-5.311432f, -5.485328f, -3.987654f),
        new(-1.789930f, -5.393625f, -4.413414f),
        new(1.789930f, -5.393625f, -4.413414f),
        new(5.311432f, -5.485328f, -3.987654f),
        new(-2.005628f, -1.409845f, -6.165652f),
        new(2.005628f, -1.409845f, -6.165652f),
        new(-2.774015f, 2.080775f, -5.048531f),
        new(2.774015f, 2.080775f, -5.048531f),
        new(0f, 3.116408f, -6.097667f),
        new(0f, 7.415691f, -4.070434f),
    ]);

    // Focal length in face widths (jaw points 0 to 16): a desk camera at arm's length, nearly orthographic.
    private const float FocalInFaceWidths = 6;

    /// <summary>
    /// How far from the pose model's each angle may be: on LFW 95 % of faces or more agree this closely on each
    /// angle (the 95th percentiles were 7.7° yaw, 11.8° pitch, 7.0° roll over 2,000 faces; <c>egov-bio bench pose</c> gives the share within).
    /// </summary>
    public static HeadPose Tolerance { get; } = new(10, 15, 10);

    /// <summary>The head pose the landmarks imply.</summary>
    public static HeadPose Estimate(FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var p = landmarks.Points68;
        var image = new Point2f[Indices.Length];
        var centre = Vector2.Zero;
        for (var i = 0; i < Indices.Length; i++)
        {
            var point = p[Indices[i]];
            image[i] = new Point2f(point.X, point.Y);
            centre += point;
        }

        centre /= Indices.Length;
        var focal = Math.Max(1, Vector2.Distance(p[0], p[16])) * FocalInFaceWidths;
        double[,] camera = { { focal, 0, centre.X }, { 0, focal, centre.Y }, { 0, 0, 1 } };
        using var objectPoints = Mat.FromArray(MeanFace);
        using var imagePoints = Mat.FromArray(image);
        using var cameraMatrix = Mat.FromArray(camera);
        using var distortion = new Mat();
        using var rvec = new Mat();
        using var tvec = new Mat();

        Cv2.SolvePnP(objectPoints, imagePoints, cameraMatrix, distortion, rvec, tvec, false, SolvePnPMethod.SQPNP);
        using var rotation = new Mat();
        Cv2.Rodrigues(rvec, rotation);
        rotation.GetArray(out double[] r);
        return FromRotation(r);
    }

    /// <summary>
    /// Yaw, pitch, roll of a row-major 3x3 rotation R = Rx(pitch)·Ry(yaw)·Rz(roll) (the order that agreed best on LFW),
    /// in the pose model's signs: its pitch counts up where the camera's y axis counts down.
    /// </summary>
    internal static HeadPose FromRotation(ReadOnlySpan<double> r)
    {
        var yaw = Math.Asin(Math.Clamp(r[2], -1, 1));
        var pitch = -Math.Atan2(-r[5], r[8]);
        var roll = Math.Atan2(-r[1], r[0]);
        const double degrees = 180 / Math.PI;
        return new HeadPose((float)(yaw * degrees), (float)(pitch * degrees) - PitchOffset, (float)(roll * degrees));
    }

    private static Point3f[] Deepened(Point3f[] points) => [.. points.Select(p => new Point3f(p.X, p.Y, p.Z * DepthScale))];
}
