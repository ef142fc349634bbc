namespace EGov.Biometrics.Vision.Embedding;

/// <summary>An L2-normalised face descriptor and the model that produced it (vectors of different models never compare).</summary>
public sealed record FaceEmbedding(float[] Vector, string ModelId, string ModelVersion)
{
    /// <summary>The number of values.</summary>
    public int Dimension => Vector.Length;

    /// <summary>Cosine similarity; both vectors are unit length, so this is their dot product.</summary>
    public float Similarity(FaceEmbedding other)
    {
        if (other.ModelId != ModelId || other.Dimension != Dimension)
        {
            throw new ArgumentException($"Cannot compare a {ModelId} embedding with a {other.ModelId} embedding.", nameof(other));
        }

        return System.Numerics.Tensors.TensorPrimitives.Dot<float>(Vector, other.Vector);
    }
}
