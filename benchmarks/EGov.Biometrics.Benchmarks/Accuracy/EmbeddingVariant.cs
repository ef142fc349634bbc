using EGov.Biometrics.Vision.Onnx;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>One way of turning a located face into an embedding: model, channel order, alignment, landmarks, flip averaging.</summary>
public sealed record EmbeddingVariant(
    string ModelId, string Channels, AlignmentMethod Alignment, bool FlipAverage, LandmarkReduction Reduction = LandmarkReduction.Eyelids, int Jitters = 1)
{
    public string Name =>
        $"{ModelId} {Channels} {Alignment switch { AlignmentMethod.Similarity5 => "5-pt similarity", AlignmentMethod.MeanShape => "51-pt mean-shape similarity", AlignmentMethod.DlibChip => "dlib 150x150 chip", _ => "3-pt affine" }}"
        + (Reduction == LandmarkReduction.Eyelids ? string.Empty : $" {Reduction}")
        + (FlipAverage ? " +flip" : string.Empty)
        + (Jitters > 1 ? $" jitter {Jitters}" : string.Empty);

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
            new(modelId, channels, AlignmentMethod.MeanShape, false),
        ];
    }

    public IReadOnlyList<System.Numerics.Vector2> Points(EGov.Biometrics.Vision.Landmarks.FaceLandmarks landmarks)
    {
        if (Alignment == AlignmentMethod.MeanShape)
        {
            return MeanShapeTemplate.Inner(landmarks);
        }

        if (Alignment == AlignmentMethod.DlibChip)
        {
            return EGov.Biometrics.Vision.Alignment.DlibFaceChip.Select(landmarks.Points68);
        }

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

    /// <summary>
    /// An embedder for this variant: the catalog's model descriptor with this channel order. A mean-shape variant needs
    /// the <paramref name="faces"/> whose mean shape it aligns to.
    /// </summary>
    public VariantEmbedder Open(ModelCatalog catalog, IReadOnlyCollection<EGov.Biometrics.Vision.Landmarks.FaceLandmarks>? faces = null)
    {
        var descriptor = catalog.Store.Manifest.Model(ModelId);
        var tuned = descriptor with { Preprocessing = descriptor.Preprocessing with { Channels = Channels } };
        var embedder = new VariantEmbedder(this, new OnnxModel(tuned, catalog.Store.ModelPath(descriptor), OnnxRuntimeOptions.Default));
        if (Alignment == AlignmentMethod.MeanShape)
        {
            if (faces is null)
            {
                embedder.Dispose();
                throw new InvalidOperationException($"{Name} aligns to the mean shape of a set of faces; none was given.");
            }

            embedder.Target = MeanShapeTemplate.From(faces, embedder.Embedder.Template);
        }
        else if (Alignment == AlignmentMethod.DlibChip)
        {
            embedder.Target = EGov.Biometrics.Vision.Alignment.DlibFaceChip.Template();
        }

        return embedder;
    }
}
