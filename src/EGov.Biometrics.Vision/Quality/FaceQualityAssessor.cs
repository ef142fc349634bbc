using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Quality;

/// <summary>
/// Quality from geometry (size, inter-eye distance), the aligned crop (sharpness, exposure, contrast),
/// head pose and eye state. Each component maps to [0, 1]; the overall score is their geometric mean. The head pose
/// comes from the pose model or, without a model run, from the landmarks (<see cref="PoseSource"/>).
/// </summary>
public sealed class FaceQualityAssessor(IHeadPoseEstimator pose, IEyeStateClassifier eyes, QualityOptions? options = null) : IFaceQualityAssessor
{
    private readonly QualityOptions _options = options ?? QualityOptions.Default;

    /// <summary>Measures and judges one face.</summary>
    internal QualityReport Assess(Mat bgr, FaceDetection face, FaceLandmarks landmarks, Mat aligned, PoseSource pose = PoseSource.Model)
    {
        ArgumentNullException.ThrowIfNull(face);
        var measures = Measure(bgr, face.Box, landmarks, aligned);
        var clear = pose == PoseSource.Landmarks && ClearOfPoseGates(measures.LandmarkPose);
        return Judge(measures, clear ? measures.LandmarkPose : ModelPose(bgr, face.Box));
    }

    /// <summary>
    /// Whether the landmark pose is inside every pose gate by at least its tolerance (<see cref="LandmarkPoseEstimator.Tolerance"/>),
    /// so the pose model would pass the face too; nearer a limit, or past it, the pose model decides.
    /// </summary>
    public bool ClearOfPoseGates(HeadPose landmarkPose)
    {
        var (o, t) = (_options, LandmarkPoseEstimator.Tolerance);
        return Math.Abs(landmarkPose.Yaw) <= o.MaxYaw - t.Yaw && Math.Abs(landmarkPose.Pitch) <= o.MaxPitch - t.Pitch
            && Math.Abs(landmarkPose.Roll) <= o.MaxRoll - t.Roll;
    }

    /// <summary>Measures one face without judging it.</summary>
    internal QualityMeasures Measure(Mat bgr, FaceBox face, FaceLandmarks landmarks, Mat aligned)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var (sharpness, exposure, contrast) = MeasureCrop(aligned);
        return new QualityMeasures(
            face.Height, landmarks.InterEyeDistance, sharpness, exposure, contrast, eyes.Classify(bgr, landmarks), LandmarkPoseEstimator.Estimate(landmarks));
    }

    /// <summary>
    /// The inter-eye gate: the eyes of a face are about a third of its box height apart (0.29 to 0.37 on the desk frames of
    /// <c>bench edge</c>), so a box shorter than the minimum inter-eye distance leaves a margin of more than twice for
    /// the landmarks' error.
    /// </summary>
    public float MinFaceHeight => _options.MinInterEyePx;

    /// <summary>The pose model's head pose for a face.</summary>
    internal HeadPose ModelPose(Mat bgr, FaceBox face) => pose.Estimate(bgr, face);

    /// <summary>Judges measures with a head pose against the gates.</summary>
    public QualityReport Judge(QualityMeasures measures, HeadPose headPose)
    {
        ArgumentNullException.ThrowIfNull(measures);
        var o = _options;
        var (interEye, sharpness, exposure, contrast, eyeState) = (measures.InterEyePx, measures.Sharpness, measures.Exposure, measures.Contrast, measures.Eyes);

        var failures = new List<QualityFailure>();
        void Gate(bool ok, string component, string reason)
        {
            if (!ok)
            {
                failures.Add(new QualityFailure(component, reason));
            }
        }

        Gate(interEye >= o.MinInterEyePx, "inter_eye", $"inter-eye distance {interEye:F0} px is below {o.MinInterEyePx:F0} px");
        Gate(sharpness >= o.MinSharpness, "sharpness", $"sharpness {sharpness:F0} is below {o.MinSharpness:F0} (blurred or out of focus)");
        Gate(exposure >= o.MinExposure, "exposure", $"mean brightness {exposure:F0} is below {o.MinExposure:F0} (under-exposed)");
        Gate(exposure <= o.MaxExposure, "exposure", $"mean brightness {exposure:F0} is above {o.MaxExposure:F0} (over-exposed)");
        Gate(contrast >= o.MinContrast, "contrast", $"contrast {contrast:F0} is below {o.MinContrast:F0}");
        Gate(Math.Abs(headPose.Yaw) <= o.MaxYaw, "yaw", $"head turned {headPose.Yaw:F1}°, at most ±{o.MaxYaw:F0}° allowed");
        Gate(Math.Abs(headPose.Pitch) <= o.MaxPitch, "pitch", $"head tilted up/down {headPose.Pitch:F1}°, at most ±{o.MaxPitch:F0}° allowed");
        Gate(Math.Abs(headPose.Roll) <= o.MaxRoll, "roll", $"head tilted sideways {headPose.Roll:F1}°, at most ±{o.MaxRoll:F0}° allowed");
        Gate(Math.Min(eyeState.LeftOpen, eyeState.RightOpen) >= o.MinEyeOpen, "eyes_open", "eyes are closed");

        float[] components =
        [
            Ramp(interEye, o.MinInterEyePx / 2, o.GoodInterEyePx),
            Ramp(sharpness, o.MinSharpness / 4, o.MinSharpness * 4),
            1 - Math.Clamp(Math.Abs(exposure - 128) / 128, 0, 1),
            Ramp(contrast, o.MinContrast / 2, o.MinContrast * 2.5f),
            1 - Math.Clamp(Math.Abs(headPose.Yaw) / 90, 0, 1),
            1 - Math.Clamp(Math.Abs(headPose.Pitch) / 90, 0, 1),
            1 - Math.Clamp(Math.Abs(headPose.Roll) / 180, 0, 1),
            Math.Min(eyeState.LeftOpen, eyeState.RightOpen),
        ];
        var overall = MathF.Exp(components.Average(c => MathF.Log(Math.Max(c, 1e-3f))));

        return new QualityReport(overall, measures.FaceSizePx, interEye, sharpness, exposure, contrast, headPose, eyeState, failures)
        {
            LandmarkPose = measures.LandmarkPose,
        };
    }

    /// <summary>Variance of the Laplacian (focus), mean and standard deviation of the grey crop.</summary>
    internal static (float Sharpness, float Exposure, float Contrast) MeasureCrop(Mat aligned)
    {
        using var grey = new Mat();
        Cv2.CvtColor(aligned, grey, ColorConversionCodes.BGR2GRAY);
        Cv2.MeanStdDev(grey, out var mean, out var std);
        using var laplacian = new Mat();
        Cv2.Laplacian(grey, laplacian, MatType.CV_32F);
        Cv2.MeanStdDev(laplacian, out _, out var lapStd);
        return ((float)(lapStd.Val0 * lapStd.Val0), (float)mean.Val0, (float)std.Val0);
    }

    private static float Ramp(float value, float zeroAt, float oneAt) => Math.Clamp((value - zeroAt) / (oneAt - zeroAt), 0, 1);

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    QualityReport IFaceQualityAssessor.Assess(Mat bgr, FaceDetection face, FaceLandmarks landmarks, Mat aligned, PoseSource pose) => Assess(bgr, face, landmarks, aligned, pose);
    QualityMeasures IFaceQualityAssessor.Measure(Mat bgr, FaceBox face, FaceLandmarks landmarks, Mat aligned) => Measure(bgr, face, landmarks, aligned);
    HeadPose IFaceQualityAssessor.ModelPose(Mat bgr, FaceBox face) => ModelPose(bgr, face);
}
