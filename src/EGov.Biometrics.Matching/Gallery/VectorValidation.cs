using System.Numerics.Tensors;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>Refuses vectors that would corrupt a search: wrong dimension, NaN or infinity, not unit length.</summary>
public static class VectorValidation
{
    public const float NormTolerance = 1e-3f;

    /// <summary>The most dimensions a gallery holds: a Hamming distance must fit 16 bits.</summary>
    public const int MaxDimension = ushort.MaxValue;

    public static void EnsureDimension(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, MaxDimension);
    }

    public static void EnsureUnit(ReadOnlySpan<float> vector, int dimension, string name = "vector")
    {
        if (vector.Length != dimension)
        {
            throw new ArgumentException($"The {name} has {vector.Length} dimensions; this gallery holds {dimension}.", name);
        }

        foreach (var v in vector)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException($"The {name} holds NaN or infinity.", name);
            }
        }

        var norm = TensorPrimitives.Norm(vector);
        if (Math.Abs(norm - 1) > NormTolerance)
        {
            throw new ArgumentException($"The {name} must be L2-normalised (its norm is {norm:G6}).", name);
        }
    }
}
