using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace EGov.Biometrics.Vision.Detection;

/// <summary>
/// UltraFace (RFB-320) detector. The whole image is resized to the model's 320x240 input, as the model
/// was trained; its outputs are already-decoded, normalised corner boxes with softmaxed scores.
/// </summary>
public sealed class UltraFaceDetector : IFaceDetector
{
    private readonly OnnxModel _model;
    private readonly UltraFaceOptions _options;

    /// <summary>A detector over the manifest's UltraFace model.</summary>
    public UltraFaceDetector(OnnxModel model, UltraFaceOptions? options = null)
    {
        _model = model;
        _options = options ?? UltraFaceOptions.Default;
    }

    /// <summary>The faces in a BGR image of any size, in image pixels, after non-maximum suppression.</summary>
    internal IReadOnlyList<FaceDetection> Detect(Mat bgr)
    {
        float[][] outputs;
        using (var resized = new Mat())
        {
            Cv2.Resize(bgr, resized, _model.InputSize, 0, 0, InterpolationFlags.Area);
            outputs = _model.Run(resized);
        }

        var (scores, boxes) = (outputs[0], outputs[1]);
        var candidates = new List<Rect2d>();
        var confidences = new List<float>();
        for (var i = 0; i < scores.Length / 2; i++)
        {
            var score = scores[(2 * i) + 1];
            if (score < _options.ScoreThreshold)
            {
                continue;
            }

            var x1 = Math.Clamp(boxes[4 * i], 0, 1) * bgr.Cols;
            var y1 = Math.Clamp(boxes[(4 * i) + 1], 0, 1) * bgr.Rows;
            var x2 = Math.Clamp(boxes[(4 * i) + 2], 0, 1) * bgr.Cols;
            var y2 = Math.Clamp(boxes[(4 * i) + 3], 0, 1) * bgr.Rows;
            if (y2 - y1 < _options.MinFaceSize || x2 <= x1)
            {
                continue;
            }

            candidates.Add(new Rect2d(x1, y1, x2 - x1, y2 - y1));
            confidences.Add(score);
        }

        CvDnn.NMSBoxes(candidates, confidences, _options.ScoreThreshold, _options.NmsThreshold, out var kept);
        return kept
            .Select(i => new FaceDetection(
                new FaceBox((float)candidates[i].X, (float)candidates[i].Y, (float)candidates[i].Width, (float)candidates[i].Height),
                confidences[i]))
            .OrderByDescending(d => d.Score)
            .Take(_options.MaxFaces)
            .ToList();
    }

    // The OpenCV side stays inside the project (InternalsVisibleTo): callers of the interface reach it here.
    IReadOnlyList<FaceDetection> IFaceDetector.Detect(Mat bgr) => Detect(bgr);
}
