using System.Numerics.Tensors;
using EGov.Biometrics.Vision.Alignment;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>Aligns and embeds faces the way its <see cref="EmbeddingVariant"/> says. Owns its ONNX session.</summary>
public sealed class VariantEmbedder(EmbeddingVariant variant, OnnxModel model) : IDisposable
{
    private readonly SimilarityAligner _aligner = new();

    public EmbeddingVariant Variant { get; } = variant;

    public OnnxFaceEmbedder Embedder { get; } = new(model);

    /// <summary>A denser template than the model's five points to fit faces to (<see cref="AlignmentMethod.MeanShape"/>); null: the model's.</summary>
    public AlignmentTemplate? Target { get; set; }

    public void Dispose() => model.Dispose();

    public float[] Embed(Mat bgr, IReadOnlyList<System.Numerics.Vector2> points5)
    {
        if (!Variant.FlipAverage)
        {
            using var aligned = Align(bgr, points5);
            return EmbedAligned(aligned);
        }

        return EmbedWithMirror(bgr, points5).Averaged;
    }

    /// <summary>The crop's embedding and the unit mean of it and the mirrored crop's, from one alignment.</summary>
    public (float[] Plain, float[] Averaged) EmbedWithMirror(Mat bgr, IReadOnlyList<System.Numerics.Vector2> points5)
    {
        using var aligned = Align(bgr, points5);
        var vector = EmbedAligned(aligned);
        using var flipped = new Mat();
        Cv2.Flip(aligned, flipped, FlipMode.Y);
        var averaged = EmbedAligned(flipped);
        TensorPrimitives.Add(vector, averaged, averaged);
        TensorPrimitives.Divide(averaged, TensorPrimitives.Norm<float>(averaged), averaged);
        return (vector, averaged);
    }

    // With jitter, the unit mean over that many perturbed copies of the crop (dlib's jitter, seeded as the facade seeds it).
    private float[] EmbedAligned(Mat aligned)
    {
        if (Variant.Jitters <= 1)
        {
            return Embedder.Embed(aligned).Vector;
        }

        var mean = EGov.Biometrics.Vision.Recognition.ChipJitter.Mean(aligned, Variant.Jitters, c => Embedder.Embed(c).Vector);
        TensorPrimitives.Divide(mean, TensorPrimitives.Norm<float>(mean), mean);
        return mean;
    }

    private Mat Align(Mat bgr, IReadOnlyList<System.Numerics.Vector2> points5)
    {
        var template = Target ?? Embedder.Template;
        if (Variant.Alignment is AlignmentMethod.Similarity5 or AlignmentMethod.MeanShape or AlignmentMethod.DlibChip)
        {
            using var aligned = _aligner.Align(bgr, points5, template);
            return aligned.Image.Clone();
        }

        Point2f P(System.Numerics.Vector2 v) => new(v.X, v.Y);
        using var transform = Cv2.GetAffineTransform(
            [P(points5[0]), P(points5[1]), P(points5[2])],
            [P(template.Points[0]), P(template.Points[1]), P(template.Points[2])]);
        var result = new Mat();
        Cv2.WarpAffine(bgr, result, transform, new Size(template.Width, template.Height));
        return result;
    }
}
