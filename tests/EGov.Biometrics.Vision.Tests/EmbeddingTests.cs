using System.Numerics.Tensors;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

[Collection(VisionCollection.Name)]
public sealed class EmbeddingTests(VisionFixture vision)
{
    private static readonly AnalysisOptions EmbedOnly = new() { Quality = false, Liveness = false };

    [Fact]
    public void Embeddings_are_unit_vectors_tagged_with_their_model()
    {
        var faces = Analyze(vision.Sample(1).Bgr);

        Assert.Equal(3, faces.Count);
        foreach (var embedding in faces.Select(f => f.Embedding!))
        {
            Assert.Equal(512, embedding.Dimension);
            Assert.Equal(1f, TensorPrimitives.Norm<float>(embedding.Vector), 4);
            Assert.Equal("faceplugin-arcface-r512", embedding.ModelId);
            Assert.Equal("0.0.1", embedding.ModelVersion);
        }
    }

    public static TheoryData<string> Variants => ["flipped", "brighter", "darker", "rotated 10°", "rotated -12°", "downscaled"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_face_matches_its_own_altered_copy(string variant)
    {
        // A crop around one face, so the altered copy holds that face alone.
        var photo = vision.Sample(1).Bgr;
        var box = vision.Pipeline.Detector.Detect(photo).MaxBy(d => d.Box.Area)!.Box;
        using var original = ImageTensor.CropResized(photo, box.SquareAround(box.Height * 2.5f), new Size(600, 600));
        var reference = LargestFace(original);
        using var altered = Alter(original, variant);

        var similarity = reference.Similarity(LargestFace(altered));

        Assert.True(
            similarity >= vision.Pipeline.Embedder.Calibration.Default.Threshold + 0.2f,
            $"{variant}: similarity {similarity:F3}, threshold {vision.Pipeline.Embedder.Calibration.Default.Threshold:F3}");
    }

    public static TheoryData<int> Samples => [1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Different_people_in_one_photo_do_not_match(int sample)
    {
        // Faces in the same photograph are different people by construction.
        var embeddings = Analyze(vision.Sample(sample).Bgr).Select(f => f.Embedding!).ToList();
        var threshold = vision.Pipeline.Embedder.Calibration.Default.Threshold;

        for (var i = 0; i < embeddings.Count; i++)
        {
            for (var j = i + 1; j < embeddings.Count; j++)
            {
                var similarity = embeddings[i].Similarity(embeddings[j]);
                Assert.True(similarity < threshold, $"faces {i} and {j}: similarity {similarity:F3} ≥ threshold {threshold:F3}");
            }
        }
    }

    [Fact]
    public void Embeddings_of_different_models_are_not_compared()
    {
        var a = new FaceEmbedding([1f, 0f], "model-a", "1");
        var b = new FaceEmbedding([1f, 0f], "model-b", "1");

        Assert.Throws<ArgumentException>(() => a.Similarity(b));
    }

    [Fact]
    public void The_embedder_refuses_a_crop_of_the_wrong_size()
    {
        using var crop = new Mat(100, 100, MatType.CV_8UC3, Scalar.Gray);

        var error = Assert.Throws<ArgumentException>(() => vision.Pipeline.Embedder.Embed(crop));
        Assert.Contains("112x112", error.Message, StringComparison.Ordinal);
    }

    private List<FaceAnalysis> Analyze(Mat bgr)
    {
        var faces = vision.Pipeline.Analyze(bgr, EmbedOnly).ToList();
        faces.ForEach(f => f.Dispose()); // the aligned crops are not needed, the embeddings stay valid
        return faces;
    }

    private FaceEmbedding LargestFace(Mat bgr) => Analyze(bgr).MaxBy(f => f.Detection.Box.Area)!.Embedding!;

    private Mat Alter(Mat source, string variant)
    {
        var result = new Mat();
        switch (variant)
        {
            case "flipped":
                Cv2.Flip(source, result, FlipMode.Y);
                break;
            case "brighter":
                source.ConvertTo(result, -1, 1.1, 40);
                break;
            case "darker":
                source.ConvertTo(result, -1, 0.6, 0);
                break;
            case "rotated 10°" or "rotated -12°":
                var face = vision.Pipeline.Detector.Detect(source).MaxBy(d => d.Box.Area)!.Box;
                using (var rotation = Cv2.GetRotationMatrix2D(new Point2f(face.CenterX, face.CenterY), variant.Contains('-') ? -12 : 10, 1))
                {
                    Cv2.WarpAffine(source, result, rotation, source.Size(), InterpolationFlags.Linear, BorderTypes.Reflect101);
                }

                break;
            case "downscaled":
                Cv2.Resize(source, result, new Size(source.Cols / 3, source.Rows / 3), 0, 0, InterpolationFlags.Area);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(variant));
        }

        return result;
    }
}
