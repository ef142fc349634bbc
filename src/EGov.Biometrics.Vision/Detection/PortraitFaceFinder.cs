using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Landmarks;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>
/// Finds faces in photos, registry portrait crops included. The detector runs on the image as it is first; the
/// fallbacks run only when it finds nothing (the bordered image also in the two cases below where its box is the
/// better one), in order, each only when the ones before found nothing. A photo whose face the detector finds, in
/// neither case, costs one detector run, as before; camera frames do not come here at all
/// (<see cref="Pipeline.AnalysisOptions.Fallbacks"/> is off at the desk).
/// <list type="number">
/// <item><see cref="DetectionMethod.Padded"/>: the image inside a black border that gives it the detector's aspect
/// (4:3), with the face about half its height. The detector resizes whatever it gets to 320x240, so a portrait is
/// squeezed sideways (90x110 by 1.6 times) and a face that fills the frame is larger than its anchors. The bordered
/// image also replaces a face the detector did find when the image is taller than wide
/// (<see cref="PortraitFallbackOptions.TallAspect"/>) or the face fills the frame
/// (<see cref="PortraitFallbackOptions.FillsFrame"/>): there the detector's box is too short (a median 22 % on tight
/// LFW portraits, 0.8 points of verification accuracy), the bordered image's is not (3 %). Where the bordered image
/// shows no face, the first detection stays.</item>
/// <item><see cref="DetectionMethod.Upscaled"/>: small images, bordered, enlarged with bicubic interpolation; the
/// detector's own resize would blur a face of a few dozen pixels.</item>
/// <item>Inside a border the detector also fires on blurred noise and the like, so a face found in the bordered or
/// enlarged image is kept only if it is found again in the mirror image inside a border twice as wide (a change that
/// such false faces rarely survive) and the landmark model's points stay on it when its box moves
/// (<see cref="LandmarkPlausibility.Anchoring"/> at least <see cref="PortraitFallbackOptions.MinFallbackAnchoring"/>).</item>
/// <item><see cref="DetectionMethod.Landmarks"/>: a portrait crop (within <see cref="PortraitFallbackOptions"/>'
/// aspect bounds) is assumed to hold one face that fills it: the 68-point model is run on the whole image, the box
/// re-placed from its points twice, and the result kept only if <see cref="LandmarkPlausibility"/> accepts it.</item>
/// </list>
/// Every box is in the original image's pixels; the method is carried by <see cref="FaceDetection.Method"/>.
/// </summary>
public sealed class PortraitFaceFinder(IFaceDetector detector, IFaceLandmarker landmarker, PortraitFallbackOptions? options = null) : IFaceDetector
{
    /// <summary>The fallbacks' settings.</summary>
    public PortraitFallbackOptions Options { get; } = options ?? PortraitFallbackOptions.Default;

    /// <summary>The detector's faces, or, where it finds none, the fallbacks' (each tagged with its <see cref="DetectionMethod"/>).</summary>
    internal IReadOnlyList<FaceDetection> Detect(Mat bgr)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        var direct = detector.Detect(bgr);
        var boxFromBorder = bgr.Rows >= Options.TallAspect * bgr.Cols || direct.Any(d => d.Box.Height >= Options.FillsFrame * bgr.Rows);
        if (direct.Count > 0 && !(Options.Padded && boxFromBorder))
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
    internal LandmarkVerdict PlaceFromLandmarks(Mat bgr)
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

    // The faces in the image enlarged by scale inside a black border of PadFraction that are found again in its mirror
    // image inside a border twice as wide, and anchored; in the image's pixels.
    private List<FaceDetection> DetectBordered(Mat bgr, double scale, DetectionMethod method)
    {
        using var enlarged = new Mat();
        var source = bgr;
        if (scale > 1)
        {
            Cv2.Resize(bgr, enlarged, new Size((int)Math.Round(bgr.Cols * scale), (int)Math.Round(bgr.Rows * scale)), 0, 0, InterpolationFlags.Cubic);
            source = enlarged;
        }

        var found = DetectInBorder(bgr, source, Options.PadFraction);
        if (found.Count == 0)
        {
            return found;
        }

        using var mirrored = new Mat();
        Cv2.Flip(source, mirrored, FlipMode.Y);
        var again = DetectInBorder(bgr, mirrored, 2 * Options.PadFraction)
            .Select(a => a.Box with { X = bgr.Cols - a.Box.Right })
            .ToList();
        return found
            .Where(d => again.Any(box => box.IntersectionOverUnion(d.Box) >= 0.4f))
            .Where(d => Anchoring(bgr, d.Box) >= Options.MinFallbackAnchoring)
            .Select(d => d with { Method = method })
            .ToList();
    }

    // The detections in source (bgr, perhaps enlarged) inside a black border of pad times its height above and below
    // and as wide as CanvasAspect asks, mapped back to bgr; those centred on the border dropped.
    private List<FaceDetection> DetectInBorder(Mat bgr, Mat source, float pad)
    {
        var vertical = (int)Math.Round(source.Rows * pad);
        var canvasWidth = Math.Max(source.Cols + (2 * vertical), (int)Math.Round((source.Rows + (2 * vertical)) * Options.CanvasAspect));
        var horizontal = (canvasWidth - source.Cols) / 2;
        using var canvas = new Mat();
        Cv2.CopyMakeBorder(source, canvas, vertical, vertical, horizontal, canvasWidth - source.Cols - horizontal, BorderTypes.Constant, Scalar.Black);
        var (sx, sy) = ((float)(bgr.Cols / (double)source.Cols), (float)(bgr.Rows / (double)source.Rows));
        return detector.Detect(canvas)
            .Select(d => d with { Box = new FaceBox((d.Box.X - horizontal) * sx, (d.Box.Y - vertical) * sy, d.Box.Width * sx, d.Box.Height * sy) })
            .Where(d => d.Box.CenterX >= 0 && d.Box.CenterX < bgr.Cols && d.Box.CenterY >= 0 && d.Box.CenterY < bgr.Rows)
            .ToList();
    }

    // The anchoring of the landmarks in the box they imply (the detector's own box framed for the landmark model).
    private float Anchoring(Mat bgr, FaceBox detected)
    {
        var box = LandmarkFaceBox.Around(landmarker.Locate(bgr, detected));
        return LandmarkPlausibility.Anchoring(landmarker, bgr, box, landmarker.Locate(bgr, box).Points68);
    }

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    IReadOnlyList<FaceDetection> IFaceDetector.Detect(Mat bgr) => Detect(bgr);
}
