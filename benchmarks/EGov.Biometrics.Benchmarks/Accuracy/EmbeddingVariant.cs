using System.Numerics.Tensors;
using EGov.Biometrics.Vision.Alignment;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Onnx;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>How the five landmarks map onto the template.</summary>
public enum AlignmentMethod
{
    /// <summary>Least-squares similarity over all five points (the product's aligner).</summary>
    Similarity5,

    /// <summary>An exact affine through both eyes and the nose tip (what faceplugin's JavaScript does).</summary>
    Affine3,
}

/// <summary>Which of the 68 landmarks make the five alignment points.</summary>
public enum LandmarkReduction
{
    /// <summary>The product's: eye centre from the four eyelid points, mouth corners from outer and inner lip corners.</summary>
    Eyelids,

    /// <summary>Eye centre from all six eye points.</summary>
    EyeRing,

    /// <summary>Mouth corners from the outer lip corners alone.</summary>
    OuterMouth,
}

/// <summary>One way of turning a located face into an embedding: model, channel order, alignment, landmarks, flip averaging.</summary>
public sealed record EmbeddingVariant(
    string ModelId, string Channels, AlignmentMethod Alignment, bool FlipAverage, LandmarkReduction Reduction = LandmarkReduction.Eyelids)
{
    public string Name =>
        $"{ModelId} {Channels} {(Alignment == AlignmentMethod.Similarity5 ? "5-pt similarity" : "3-pt affine")}"
        + (Reduction == LandmarkReduction.Eyelids ? string.Empty : $" {Reduction}")
        + (FlipAverage ? " +flip" : string.Empty);

    /// <summary>Every variant worth comparing for one embedder, its manifest channel order first.</summary>
    public static IReadOnlyList<EmbeddingVariant> AllFor(string modelId, string channels)
    {
        var other = channels == "RGB" ? "BGR" : "RGB";
        return
        [
            new(modelId, channels, AlignmentMethod.Similarity5, false),
            new(modelId, other, AlignmentMethod.Similarity5, false),
            new(modelId, channels, AlignmentMethod.Affine3, false),
            new(modelId, channels, AlignmentMethod.Similarity5, true),
            new(modelId, channels, AlignmentMethod.Similarity5, false, LandmarkReduction.EyeRing),
            new(modelId, channels, AlignmentMethod.Similarity5, false, LandmarkReduction.OuterMouth),
        ];
    }

    public IReadOnlyList<System.Numerics.Vector2> Points(EGov.Biometrics.Vision.Landmarks.FaceLandmarks landmarks)
    {
        var p = landmarks.Points68;
        var five = landmarks.Points5.ToArray();
        if (Reduction == LandmarkReduction.EyeRing)
        {
            five[0] = Enumerable.Range(36, 6).Aggregate(System.Numerics.Vector2.Zero, (a, i) => a + p[i]) / 6;
            five[1] = Enumerable.Range(42, 6).Aggregate(System.Numerics.Vector2.Zero, (a, i) => a + p[i]) / 6;
        }
        else if (Reduction == LandmarkReduction.OuterMouth)
        {
            (five[3], five[4]) = (p[48], p[54]);
        }

        return five;
    }

    /// <summary>An embedder for this variant: the catalog's model descriptor with this channel order.</summary>
    public VariantEmbedder Open(ModelCatalog catalog)
    {
        var descriptor = catalog.Store.Manifest.Model(ModelId);
        var tuned = descriptor with { Preprocessing = descriptor.Preprocessing with { Channels = Channels } };
        return new VariantEmbedder(this, new OnnxModel(tuned, catalog.Store.ModelPath(descriptor), OnnxRuntimeOptions.Default));
    }
}

/// <summary>Aligns and embeds faces the way its <see cref="EmbeddingVariant"/> says. Owns its ONNX session.</summary>
public sealed class VariantEmbedder(EmbeddingVariant variant, OnnxModel model) : IDisposable
{
    private readonly SimilarityAligner _aligner = new();

    public EmbeddingVariant Variant { get; } = variant;

    public OnnxFaceEmbedder Embedder { get; } = new(model);

    public void Dispose() => model.Dispose();

    public float[] Embed(Mat bgr, IReadOnlyList<System.Numerics.Vector2> points5)
    {
        using var aligned = Align(bgr, points5);
        var vector = Embedder.Embed(aligned).Vector;
        if (!Variant.FlipAverage)
        {
            return vector;
        }

        using var flipped = new Mat();
        Cv2.Flip(aligned, flipped, FlipMode.Y);
        var mirror = Embedder.Embed(flipped).Vector;
        TensorPrimitives.Add(vector, mirror, vector);
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm<float>(vector), vector);
        return vector;
    }

    private Mat Align(Mat bgr, IReadOnlyList<System.Numerics.Vector2> points5)
    {
        var template = Embedder.Template;
        if (Variant.Alignment == AlignmentMethod.Similarity5)
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
