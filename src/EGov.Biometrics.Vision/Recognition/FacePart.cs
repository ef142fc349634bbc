namespace EGov.Biometrics.Vision.Recognition;

/// <summary>
/// The groups of the 68 iBUG landmarks that <see cref="FaceRecognition.FaceLandmark"/> returns, named as
/// face_recognition and FaceRecognitionDotNet name them ("left" and "right" as seen in the image).
/// </summary>
public enum FacePart
{
    /// <summary>The jaw line, points 0–16.</summary>
    Chin,

    /// <summary>The eyebrow on the image's left, points 17–21.</summary>
    LeftEyebrow,

    /// <summary>The eyebrow on the image's right, points 22–26.</summary>
    RightEyebrow,

    /// <summary>The nose bridge, points 27–30.</summary>
    NoseBridge,

    /// <summary>The bottom of the nose, points 31–35.</summary>
    NoseTip,

    /// <summary>The eye on the image's left, points 36–41.</summary>
    LeftEye,

    /// <summary>The eye on the image's right, points 42–47.</summary>
    RightEye,

    /// <summary>The upper lip's outer edge (48–54) and inner edge (64–60).</summary>
    TopLip,

    /// <summary>The lower lip's outer edge (54–59, 48) and inner edge (60, 67–64).</summary>
    BottomLip,
}
