using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.TestSupport;

/// <summary>
/// One-person photos made from the sample photos (models/cache/assets/sample1..6, group photos of 3 to 5 people):
/// the largest face's head-and-shoulders <see cref="Portrait"/>, clear of the bystanders. Enrolment and verification
/// refuse photos of several people, so every test that uploads a photo uses these. Cut once per test process.
/// </summary>
public static class SamplePortraits
{
    private static readonly Lazy<(ModelCatalog Catalog, IFaceDetector Detector)> Vision = new(() =>
    {
        var catalog = new ModelCatalog(ModelStore.Discover());
        return (catalog, new UltraFaceDetector(catalog.OpenForTask("detector")));
    });

    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"egov-portraits-{Environment.ProcessId}");
    private static readonly Lock Gate = new();

    /// <summary>The portrait of <c>sample{sample}</c>'s largest face as a JPEG file.</summary>
    public static string PathOf(int sample)
    {
        var path = Path.Combine(Folder, $"sample{sample}-portrait.jpg");
        lock (Gate)
        {
            if (!File.Exists(path))
            {
                using var photo = ImageDecoder.DecodeFile(ModelStore.Discover().AssetPath($"sample{sample}"));
                var boxes = Vision.Value.Detector.Detect(photo.Bgr).Select(d => d.Box).ToList();
                using var portrait = Portrait.Cut(photo.Bgr, boxes.MaxBy(b => b.Area), boxes);
                Directory.CreateDirectory(Folder);
                Cv2.ImWrite(path, portrait, new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
            }
        }

        return path;
    }

    /// <summary>The portrait's JPEG bytes.</summary>
    public static byte[] Bytes(int sample) => File.ReadAllBytes(PathOf(sample));
}
