using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>
/// Finds faces in photos, registry portrait crops included. The detector runs on the image as it is first; the
/// fallbacks run only when it finds nothing (the bordered image also when the face it found fills the frame), in
/// order, each only when the ones before found nothing. A photo whose face the detector finds, and does not fill the
/// frame with, costs one detector run, as before; camera frames do not come here at all
/// (<see cref="Pipeline.AnalysisOptions.Fallbacks"/> is off at the desk).
/// <list type="number">
/// <item><see cref="DetectionMethod.Padded"/>: the image inside a black border that makes it the detector's aspect
/// (4:3) with the face about half its height. A face that fills a tall frame is otherwise stretched sideways and larger
/// than the detector's anchors. The bordered image is also tried when the detector did find a face but one that fills
/// the frame (its box at least <see cref="PortraitFallbackOptions.FillsFrame"/> of the image height): the detector's
/// box for such a face is too short (a median 22 % on tight LFW portraits, which cost 1.5 points of verification
/// accuracy there), the bordered image's box is not (3 %). Where the bordered image shows no face, the first detection
/// stays.</item>
/// <item><see cref="DetectionMethod.Upscaled"/>: small images, bordered, enlarged with bicubic interpolation; the
/// detector's own resize would blur a face of a few dozen pixels.</item>
/// <item>Inside a border the detector also fires on blurred noise and the like, so a face found in the bordered or
/// enlarged image is kept only if the landmark model's points stay on it when its box moves
/// (<see cref="LandmarkPlausibility.Anchoring"/> at least <see cref="PortraitFallbackOptions.MinFallbackAnchoring"/>).</item>
/// <item><see cref="DetectionMethod.Landmarks"/>: a portrait crop (taller than wide, within
/// <see cref="PortraitFallbackOptions"/>' bounds) is assumed to hold one face that fills it: the 68-point model is run
/// on the whole image, the box re-placed from its points twice, and the result kept only if
/// <see cref="LandmarkPlausibility"/> accepts it.</item>
/// </list>
/// Every box is in the original image's pixels; the method is carried by <see cref="FaceDetection.Method"/>.
/// </summary>
public sealed class PortraitFaceFinder(IFaceDetector detector, IFaceLandmarker landmarker, PortraitFallbackOptions? options = null) : IFaceDetector
{
    public PortraitFallbackOptions Options { get; } = options ?? PortraitFallbackOptions.Default;

    public IReadOnlyList<FaceDetection> Detect(Mat bgr)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        var direct = detector.Detect(bgr);
        var fillsFrame = direct.Count > 0 && direct.Max(d => d.Box.Height) >= Options.FillsFrame * bgr.Rows;
        if (direct.Count > 0 && !(Options.Padded && fillsFrame))
        {
            return direct;
        }

        if (Options.Padded && DetectBordered(bgr, 1, DetectionMethod.Padded) is { Count: > 0 } padded)
        {
            return padded;
        }

        if (direct.Count > 0)
        {
            return direct;
        }

        if (Options.Upscaled && bgr.Rows < Options.UpscaleBelowHeight)
        {
            var scale = Options.UpscaleToHeight / (bgr.Rows * (1 + (2 * Options.PadFraction)));
            if (scale > 1 && DetectBordered(bgr, scale, DetectionMethod.Upscaled) is { Count: > 0 } upscaled)
            {
                return upscaled;
            }
        }

        if (Options.Landmarks && IsPortrait(bgr) && PlaceFromLandmarks(bgr) is { Accepted: true } placed)
        {
            return [new FaceDetection(placed.Box, placed.Confidence, DetectionMethod.Landmarks)];
        }

        return [];
    }

    /// <summary>
    /// Places a face from the landmarks of the whole image and judges it, whatever the verdict (the fallback keeps only
    /// accepted ones): the first box is the image itself, then twice the box the points imply.
    /// </summary>
    public LandmarkVerdict PlaceFromLandmarks(Mat bgr)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        var box = new FaceBox(0, 0, bgr.Cols, bgr.Rows);
        var landmarks = landmarker.Locate(bgr, box);
        for (var i = 0; i < 2; i++)
        {
            box = LandmarkFaceBox.Around(landmarks);
            landmarks = landmarker.Locate(bgr, box);
        }

        return LandmarkPlausibility.Judge(landmarker, bgr, box, landmarks, Options.MinLandmarkConfidence);
    }

    private bool IsPortrait(Mat bgr)
    {
        var aspect = bgr.Rows / (float)bgr.Cols;
        return aspect >= Options.MinPortraitAspect && aspect <= Options.MaxPortraitAspect;
    }

    // The image, enlarged by scale, inside a black border of PadFraction of its height above and below and as wide as
    // CanvasAspect asks; the detections mapped back to the image, those centred on the border dropped.
    private List<FaceDetection> DetectBordered(Mat bgr, double scale, DetectionMethod method)
    {
        using var enlarged = new Mat();
        var source = bgr;
        if (scale > 1)
        {
            Cv2.Resize(bgr, enlarged, new Size((int)Math.Round(bgr.Cols * scale), (int)Math.Round(bgr.Rows * scale)), 0, 0, InterpolationFlags.Cubic);
            source = enlarged;
        }

        var vertical = (int)Math.Round(source.Rows * Options.PadFraction);
        var canvasWidth = Math.Max(source.Cols + (2 * vertical), (int)Math.Round((source.Rows + (2 * vertical)) * Options.CanvasAspect));
        var horizontal = (canvasWidth - source.Cols) / 2;
        using var canvas = new Mat();
        Cv2.CopyMakeBorder(source, canvas, vertical, vertical, horizontal, canvasWidth - source.Cols - horizontal, BorderTypes.Constant, Scalar.Black);
        var (sx, sy) = ((float)(bgr.Cols / (double)source.Cols), (float)(bgr.Rows / (double)source.Rows));
        return detector.Detect(canvas)
            .Select(d => d with
            {
                Box = new FaceBox((d.Box.X - horizontal) * sx, (d.Box.Y - vertical) * sy, d.Box.Width * sx, d.Box.Height * sy),
                Method = method,
            })
            .Where(d => d.Box.CenterX >= 0 && d.Box.CenterX < bgr.Cols && d.Box.CenterY >= 0 && d.Box.CenterY < bgr.Rows)
            .Where(d => Anchoring(bgr, d.Box) >= Options.MinFallbackAnchoring)
            .ToList();
    }

    // The anchoring of the landmarks in the box they imply (the detector's own box framed for the landmark model).
    private float Anchoring(Mat bgr, FaceBox detected)
    {
        var box = LandmarkFaceBox.Around(landmarker.Locate(bgr, detected));
        return LandmarkPlausibility.Anchoring(landmarker, bgr, box, landmarker.Locate(bgr, box).Points68);
    }
}
