using System.Numerics.Tensors;

namespace EGov.Biometrics.Benchmarks.Matching;

/// <summary>
/// Reproducible unit vectors for matching benchmarks: vector i depends only on (seed, i), so any subset can
/// be regenerated without keeping 2 GiB around. Like face embeddings, they are not uniform on the sphere:
/// each lies near one of <see cref="Clusters"/> centres (cosine about 0.4 to its cluster-mates, about 0 to
/// the rest). Probes are noisy copies of enrolled vectors, as a new capture of an enrolled citizen would be.
/// </summary>
public sealed class SyntheticTemplates(int dimension, int seed, int clusters = 1024, float spread = 1.2f)
{
    private readonly float[][] _centres = Enumerable.Range(0, clusters).Select(c => Noise(dimension, seed, -1_000_000_000L - c)).ToArray();

    public int Dimension { get; } = dimension;

    public int Clusters { get; } = clusters;

    public float[] Template(long index)
    {
        var vector = new float[Dimension];
        Fill(index, vector);
        return vector;
    }

    public void Fill(long index, Span<float> vector)
    {
        Uniform(seed, index, vector);
        TensorPrimitives.MultiplyAdd(vector, spread, _centres[(int)(index % Clusters)], vector);
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm<float>(vector), vector);
    }

    /// <summary>A probe near enrolled template <paramref name="of"/>: template + noise, renormalised.</summary>
    public float[] Probe(long of, long noiseIndex, float noise = 0.8f)
    {
        var probe = Template(of);
        var jitter = Noise(Dimension, seed, -1 - noiseIndex);
        TensorPrimitives.MultiplyAdd(jitter, noise, probe, probe);
        TensorPrimitives.Divide(probe, TensorPrimitives.Norm<float>(probe), probe);
        return probe;
    }

    private static float[] Noise(int dimension, int seed, long index)
    {
        var vector = new float[dimension];
        Uniform(seed, index, vector);
        return vector;
    }

    // A unit vector of uniform noise.
    private static void Uniform(int seed, long index, Span<float> vector)
    {
        // SplitMix64 per vector: cheap, reproducible, and good enough for uniform noise.
        var state = ((ulong)seed << 40) ^ (ulong)index * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < vector.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            vector[i] = (float)((z >> 40) / (double)(1UL << 24)) - 0.5f;
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm<float>(vector), vector);
    }
}
