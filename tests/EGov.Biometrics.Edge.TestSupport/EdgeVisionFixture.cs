using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.TestSupport;

/// <summary>
/// The face pipeline over the verified model cache, and head-and-shoulders patches of the people in the
/// sample photos (models/cache/assets/sample1..6), cut once for every test that needs real faces.
/// </summary>
public sealed class EdgeVisionFixture : IDisposable
{
    /// <summary>Frontal faces of different people that pass the quality gates (sample, face index largest first).</summary>
    public static readonly (int Sample, int Face)[] People =
        [(1, 0), (1, 2), (3, 0), (3, 1), (3, 2), (4, 0), (4, 2), (5, 0), (5, 1), (5, 3), (5, 4), (6, 0), (6, 1)];

    private readonly Dictionary<(int Sample, int Face), Mat> _patches = [];

    public EdgeVisionFixture()
    {
        Store = ModelStore.Discover();
        Catalog = new ModelCatalog(Store);
        Pipeline = FacePipeline.Create(Catalog);
        foreach (var sample in People.GroupBy(p => p.Sample))
        {
            using var image = ImageDecoder.DecodeFile(Store.AssetPath($"sample{sample.Key}"));
            var boxes = Pipeline.Detector.Detect(image.Bgr).Select(d => d.Box).OrderByDescending(b => b.Area).ToList();
            foreach (var person in sample)
            {
                _patches[person] = CutPatch(image.Bgr, boxes[person.Face]);
            }
        }
    }

    public ModelStore Store { get; }

    public ModelCatalog Catalog { get; }

    public FacePipeline Pipeline { get; }

    /// <summary>The patch of one of <see cref="People"/>, <see cref="DeskScene.PatchSide"/> square. Shared: do not modify or dispose.</summary>
    public Mat Person(int sample, int face) => _patches[(sample, face)];

    public void Dispose()
    {
        Catalog.Dispose();
        foreach (var patch in _patches.Values)
        {
            patch.Dispose();
        }
    }

    /// <summary>A square about twice the face's height around it, scaled to the desk's patch size.</summary>
    private static Mat CutPatch(Mat image, FaceBox face)
    {
        var square = face.SquareAround(face.Height * 2);
        var x = (int)Math.Max(0, square.X);
        var y = (int)Math.Max(0, square.Y);
        var side = (int)Math.Min(Math.Min(square.Width, image.Cols - x), image.Rows - y);
        using var crop = new Mat(image, new Rect(x, y, side, side));
        var patch = new Mat();
        Cv2.Resize(crop, patch, new Size(DeskScene.PatchSide, DeskScene.PatchSide), 0, 0, InterpolationFlags.Area);
        return patch;
    }
}
