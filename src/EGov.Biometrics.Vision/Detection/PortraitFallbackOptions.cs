namespace EGov.Biometrics.Vision.Detection;

/// <summary>
/// Settings of <see cref="PortraitFaceFinder"/>: which fallbacks run when the detector finds no face in the image as it
/// is, and their parameters. The defaults were measured on tight greyscale ~90x110 crops of LFW (docs/accuracy.md).
/// </summary>
public sealed record PortraitFallbackOptions
{
    /// <summary>Every fallback on: photos to enrol, verify or identify, which are often registry portrait crops.</summary>
    public static PortraitFallbackOptions Default { get; } = new();

    /// <summary>The detector alone.</summary>
    public static PortraitFallbackOptions Off { get; } = new() { Padded = false, Upscaled = false, Landmarks = false };

    /// <summary>Retry inside a plain black border (<see cref="DetectionMethod.Padded"/>).</summary>
    public bool Padded { get; init; } = true;

    /// <summary>
    /// An image at least this much taller than wide (height / width) takes its face box from the bordered image even
    /// where the detector found the face: squeezed to the detector's 4:3 input, a portrait's face gets a box that is too
    /// short. On 90x110 LFW portraits this is worth 0.8 points of verification accuracy (docs/accuracy.md).
    /// </summary>
    public float TallAspect { get; init; } = 1.1f;

    /// <summary>
    /// A detected face at least this tall, as a fraction of the image height, fills the frame and takes its box from
    /// the bordered image too. LFW's own square images (faces 46–59 % of the height, 10th to 90th percentile) stay
    /// with the detector's box, which is the better one there (by 0.57 points of verification accuracy).
    /// </summary>
    public float FillsFrame { get; init; } = 0.65f;

    /// <summary>Border above and below the image, each as a fraction of its height (0.5: the face fills half the bordered image).</summary>
    public float PadFraction { get; init; } = 0.5f;

    /// <summary>
    /// Width to height of the bordered image: the detector's input (UltraFace: 320x240), so that resizing the bordered
    /// image to that input does not stretch the face as it stretches a portrait.
    /// </summary>
    public float CanvasAspect { get; init; } = 4f / 3f;

    /// <summary>Retry small images enlarged (<see cref="DetectionMethod.Upscaled"/>).</summary>
    public bool Upscaled { get; init; } = true;

    /// <summary>Images less tall than this (pixels) count as small.</summary>
    public int UpscaleBelowHeight { get; init; } = 240;

    /// <summary>The bordered small image is enlarged with bicubic interpolation to this height (twice the detector's input).</summary>
    public int UpscaleToHeight { get; init; } = 480;

    /// <summary>
    /// A face found in the bordered or enlarged image is kept if it is found again in the mirror image inside a border
    /// twice as wide and its landmarks' anchoring (<see cref="LandmarkPlausibility.Anchoring"/>) is at least this. The
    /// detector fires on blurred noise inside a border: on 1,680 noise images where it found nothing by itself, 20 such
    /// false faces survived the mirrored wider border, 18 of them anchored at 0.00, one at 0.06, one at 0.24. Of 2,498
    /// LFW portrait faces found in the border, the two checks refused 13 (docs/accuracy.md).
    /// </summary>
    public float MinFallbackAnchoring { get; init; } = 0.3f;

    /// <summary>Place the face from the 68-point landmarks of the whole image when it is a portrait crop (<see cref="DetectionMethod.Landmarks"/>).</summary>
    public bool Landmarks { get; init; } = true;

    /// <summary>A portrait crop is this much taller than wide at least (height / width): a passport photo is 1.29, a square 1.</summary>
    public float MinPortraitAspect { get; init; } = 0.8f;

    /// <summary>A portrait crop is at most this much taller than wide.</summary>
    public float MaxPortraitAspect { get; init; } = 1.8f;

    /// <summary>
    /// Landmark placements below this confidence (<see cref="LandmarkPlausibility"/>) are refused. Noise images reached
    /// 0.49 (3 of 1,680); the LFW portrait faces placed from landmarks 0.59 to 0.83.
    /// </summary>
    public float MinLandmarkConfidence { get; init; } = 0.55f;
}
