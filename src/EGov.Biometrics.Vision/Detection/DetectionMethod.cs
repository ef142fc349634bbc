namespace EGov.Biometrics.Vision.Detection;

/// <summary>
/// How a face was found: by the detector on the image as it is, or by one of <see cref="PortraitFaceFinder"/>'s
/// fallbacks for tight, small or greyscale portrait crops, tried in this order only when the ones before found nothing.
/// </summary>
public enum DetectionMethod
{
    /// <summary>The detector on the image as it is (every camera frame, and most photos).</summary>
    Direct,

    /// <summary>The detector on the image inside a plain border: a face that fills the frame becomes a face in a scene.</summary>
    Padded,

    /// <summary>The detector on the bordered image enlarged with bicubic interpolation: small images (tens of pixels).</summary>
    Upscaled,

    /// <summary>No detection: the box placed from the 68-point landmark model run on the whole portrait, accepted by <see cref="LandmarkPlausibility"/>.</summary>
    Landmarks,
}
