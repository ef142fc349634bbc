using System.Numerics;
using EGov.Biometrics.Vision.Alignment;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Landmarks;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Recognition;

/// <summary>
/// Face recognition shaped like FaceRecognitionDotNet (and Python's face_recognition), for code migrating from it: face
/// locations, 68-point landmarks, 128-D encodings from dlib's ResNet face descriptor on dlib's own 150x150 face chips,
/// Euclidean face distance and compare-faces with dlib's tolerance of 0.6. Faces are found by UltraFace and landmarked
/// by a 68-point model (not dlib's HOG detector and shape predictor). Thread-safe: one instance serves every caller.
/// </summary>
/// <example>
/// <code>
/// await FaceModels.EnsureAsync(folder);
/// using var faces = new FaceRecognition(folder);
/// var known = faces.FaceEncodings(FaceRecognition.LoadImageFile("a.jpg"))[0];
/// var other = faces.FaceEncodings(FaceRecognition.LoadImageFile("b.jpg"))[0];
/// bool samePerson = FaceRecognition.CompareFace(known, other);
/// </code>
/// </example>
public sealed class FaceRecognition : IDisposable
{
    /// <summary>The manifest's id of the model behind <see cref="FaceEncodings"/>.</summary>
    public const string EncodingModelId = "dlib-resnet29-faceapi";

    /// <summary>dlib's distance below which two encodings are taken for one person.</summary>
    public const double DefaultTolerance = 0.6;

    private static readonly AlignmentTemplate Chip = DlibFaceChip.Template();

    private readonly ModelCatalog _catalog;
    private readonly IFaceDetector _detector;
    private readonly Landmark68Model _landmarker;
    private readonly OnnxModel _descriptor;
    private readonly SimilarityAligner _aligner = new();

    /// <summary>
    /// Opens the detector, the landmark model and dlib's descriptor from <paramref name="modelDirectory"/>, a folder that
    /// <see cref="FaceModels.EnsureAsync(string, CancellationToken)"/> filled; each file is checked against the manifest's sha256 first.
    /// </summary>
    public FaceRecognition(string modelDirectory, FaceRecognitionOptions? options = null)
        : this(OpenStore(modelDirectory), options)
    {
    }

    /// <summary>
    /// Opens the three models from their files' bytes, keyed by manifest id (<see cref="RequiredModels"/>): for an
    /// application that ships them as resources or keeps them elsewhere than in a folder. Each is checked against the
    /// manifest's sha256 first.
    /// </summary>
    public FaceRecognition(IReadOnlyDictionary<string, byte[]> models, FaceRecognitionOptions? options = null)
        : this(new ModelStore(ModelManifest.Embedded, models ?? throw new ArgumentNullException(nameof(models))), options)
    {
    }

    private FaceRecognition(ModelStore store, FaceRecognitionOptions? options)
    {
        options ??= FaceRecognitionOptions.Default;
        var manifest = store.Manifest;
        if (store.InMemory)
        {
            // Every model present and unaltered before any session is built.
            foreach (var id in RequiredModels)
            {
                store.ModelBytes(manifest.Model(id));
            }
        }

        _catalog = new ModelCatalog(store, new OnnxRuntimeOptions(options.IntraOpThreads));
        try
        {
            var detector = new UltraFaceDetector(
                _catalog.Open(manifest.ModelForTask("detector").Id),
                new UltraFaceOptions { ScoreThreshold = options.MinDetectionScore, MinFaceSize = options.MinFaceSize });
            _landmarker = new Landmark68Model(_catalog.Open(manifest.ModelForTask("landmarks").Id));
            _detector = options.PortraitFallbacks ? new PortraitFaceFinder(detector, _landmarker) : detector;
            _descriptor = _catalog.Open(EncodingModelId);
        }
        catch
        {
            _catalog.Dispose();
            throw;
        }
    }

    /// <summary>The manifest ids of the models this class opens: the detector, the 68-point landmarks and dlib's descriptor.</summary>
    public static IReadOnlyList<string> RequiredModels { get; } =
        [ModelManifest.Embedded.ModelForTask("detector").Id, ModelManifest.Embedded.ModelForTask("landmarks").Id, EncodingModelId];

    /// <summary>The same as the constructor, under FaceRecognitionDotNet's name.</summary>
    public static FaceRecognition Create(string modelDirectory, FaceRecognitionOptions? options = null) => new(modelDirectory, options);

    private static ModelStore OpenStore(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        return new ModelStore(ModelManifest.Embedded, modelDirectory);
    }

    /// <summary>Reads and decodes an image file (JPEG, PNG, WebP, BMP, TIFF, JPEG 2000).</summary>
    public static FaceImage LoadImageFile(string path) => FaceImage.Load(path);

    /// <summary>Wraps BGR pixels; see <see cref="FaceImage(byte[], int, int, int)"/>.</summary>
    public static FaceImage LoadImage(byte[] bgr, int width, int height, int stride) => new(bgr, width, height, stride);

    /// <summary>The boxes of the faces in an image, largest first.</summary>
    public IReadOnlyList<Location> FaceLocations(FaceImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bgr = image.ToMat();
        return Locate(bgr);
    }

    /// <summary>
    /// The 68 landmarks of each face, grouped by <see cref="FacePart"/> as face_recognition groups them; of the faces at
    /// <paramref name="faceLocations"/>, or of every face found (largest first) when that is null.
    /// </summary>
    public IReadOnlyList<IDictionary<FacePart, IEnumerable<FacePoint>>> FaceLandmark(FaceImage image, IEnumerable<Location>? faceLocations = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bgr = image.ToMat();
        return [.. (faceLocations?.ToList() ?? Locate(bgr)).Select(l => Group(Landmarks(bgr, l)))];
    }

    /// <summary>
    /// dlib's 150x150 face chip of each face (padding 0.25, fitted to 33 of the 68 landmarks): what
    /// <see cref="FaceEncodings"/> encodes; of the faces at <paramref name="faceLocations"/>, or of every face found.
    /// </summary>
    public IReadOnlyList<FaceImage> FaceChips(FaceImage image, IEnumerable<Location>? faceLocations = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var bgr = image.ToMat();
        return [.. (faceLocations?.ToList() ?? Locate(bgr)).Select(l =>
        {
            using var chip = Align(bgr, l);
            return FaceImage.FromMat(chip.Image);
        })];
    }

    /// <summary>
    /// The 128-D encoding of each face: of the faces at <paramref name="knownFaceLocations"/>, or of every face found
    /// (largest first) when that is null. An image without a face gives an empty list. <paramref name="numJitters"/> as in
    /// face_recognition: above 1, the encoding is the mean over that many randomly perturbed copies of the chip (dlib's
    /// jitter: up to ±3° of roll, 0–3 % of zoom, ±2 % of shift, mirrored at random), slightly steadier and that many
    /// times slower. Unlike dlib, whose generator runs on from call to call, the perturbations are seeded the same for
    /// every face, so one image always gives one encoding.
    /// </summary>
    public IReadOnlyList<FaceEncoding> FaceEncodings(FaceImage image, IEnumerable<Location>? knownFaceLocations = null, int numJitters = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(numJitters, 1);
        using var bgr = image.ToMat();
        return [.. (knownFaceLocations?.ToList() ?? Locate(bgr)).Select(l =>
        {
            using var chip = Align(bgr, l);
            return new FaceEncoding(Encode(chip.Image, numJitters));
        })];
    }

    /// <summary>The Euclidean distance between two encodings: below 0.6, dlib takes them for one person.</summary>
    public static double FaceDistance(FaceEncoding faceEncoding, FaceEncoding faceToCompare)
    {
        ArgumentNullException.ThrowIfNull(faceEncoding);
        ArgumentNullException.ThrowIfNull(faceToCompare);
        return faceEncoding.DistanceTo(faceToCompare);
    }

    /// <summary>The distance from each of <paramref name="faceEncodings"/> to <paramref name="faceToCompare"/>, in order.</summary>
    public static IReadOnlyList<double> FaceDistances(IEnumerable<FaceEncoding> faceEncodings, FaceEncoding faceToCompare)
    {
        ArgumentNullException.ThrowIfNull(faceEncodings);
        return [.. faceEncodings.Select(e => FaceDistance(e, faceToCompare))];
    }

    /// <summary>Whether two encodings are one person: their distance is at most <paramref name="tolerance"/> (lower is stricter).</summary>
    public static bool CompareFace(FaceEncoding knownFaceEncoding, FaceEncoding faceEncodingToCheck, double tolerance = DefaultTolerance)
    {
        if (!(tolerance >= 0) || !double.IsFinite(tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance is a distance: a finite number, 0 or more.");
        }

        return FaceDistance(knownFaceEncoding, faceEncodingToCheck) <= tolerance;
    }

    /// <summary>For each of <paramref name="knownFaceEncodings"/>, in order, whether it is the person of <paramref name="faceEncodingToCheck"/>.</summary>
    public static IReadOnlyList<bool> CompareFaces(IEnumerable<FaceEncoding> knownFaceEncodings, FaceEncoding faceEncodingToCheck, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(knownFaceEncodings);
        return [.. knownFaceEncodings.Select(known => CompareFace(known, faceEncodingToCheck, tolerance))];
    }

    /// <summary>Closes the models.</summary>
    public void Dispose() => _catalog.Dispose();

    private List<Location> Locate(Mat bgr) =>
    [
        .. _detector.Detect(bgr).OrderByDescending(d => d.Box.Area).Select(d => new Location(
            Math.Max(0, (int)MathF.Round(d.Box.X)),
            Math.Max(0, (int)MathF.Round(d.Box.Y)),
            Math.Min(bgr.Cols, (int)MathF.Round(d.Box.Right)),
            Math.Min(bgr.Rows, (int)MathF.Round(d.Box.Bottom)))),
    ];

    private IReadOnlyList<Vector2> Landmarks(Mat bgr, Location location)
    {
        if (location.Width <= 0 || location.Height <= 0)
        {
            throw new ArgumentException($"The face location {location} has no area.", nameof(location));
        }

        return _landmarker.Locate(bgr, new FaceBox(location.Left, location.Top, location.Width, location.Height)).Points68;
    }

    private double[] Encode(Mat chip, int numJitters) =>
        [.. ChipJitter.Mean(chip, numJitters, c => _descriptor.Run(c)[0]).Select(v => (double)v)];

    private AlignedFaceCrop Align(Mat bgr, Location location) => _aligner.Align(bgr, DlibFaceChip.Select(Landmarks(bgr, location)), Chip);

    private static Dictionary<FacePart, IEnumerable<FacePoint>> Group(IReadOnlyList<Vector2> p)
    {
        FacePoint[] Points(params int[] indices) => [.. indices.Select(i => new FacePoint((int)MathF.Round(p[i].X), (int)MathF.Round(p[i].Y), i))];
        static int[] Span(int from, int to) => [.. Enumerable.Range(from, to - from + 1)];
        return new()
        {
            [FacePart.Chin] = Points(Span(0, 16)),
            [FacePart.LeftEyebrow] = Points(Span(17, 21)),
            [FacePart.RightEyebrow] = Points(Span(22, 26)),
            [FacePart.NoseBridge] = Points(Span(27, 30)),
            [FacePart.NoseTip] = Points(Span(31, 35)),
            [FacePart.LeftEye] = Points(Span(36, 41)),
            [FacePart.RightEye] = Points(Span(42, 47)),
            [FacePart.TopLip] = Points([.. Span(48, 54), 64, 63, 62, 61, 60]),
            [FacePart.BottomLip] = Points([.. Span(54, 59), 48, 60, 67, 66, 65, 64]),
        };
    }
}
