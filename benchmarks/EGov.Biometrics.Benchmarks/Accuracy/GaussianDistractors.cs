using System.Numerics.Tensors;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Synthetic faces for a gallery far larger than LFW: draws from a Gaussian with the mean and covariance of real
/// embeddings, then unit-normalised. Their scores against a probe then have the mean and spread of real impostor
/// scores (both are <c>probe · x</c> with x of the same first two moments), so the cascade must tell them apart as
/// it must real strangers; uniform noise on the sphere would score about 0 and be rejected trivially.
/// Distractor i depends only on (seed, i), so any subset can be regenerated.
/// </summary>
public sealed class GaussianDistractors
{
    private const int RowsPerStream = 4096;

    private readonly float[] _mean;

    // Rows of the lower-triangular Cholesky factor L of the covariance (x = mean + L z).
    private readonly float[][] _factor;

    private readonly int _seed;

    private GaussianDistractors(float[] mean, float[][] factor, int seed) => (_mean, _factor, _seed) = (mean, factor, seed);

    public int Dimension => _mean.Length;

    /// <summary>Fits mean and covariance to <paramref name="embeddings"/> (at least dimension + 1 of them).</summary>
    public static GaussianDistractors Fit(IReadOnlyList<float[]> embeddings, int seed)
    {
        var dimension = embeddings[0].Length;
        if (embeddings.Count <= dimension)
        {
            throw new ArgumentException($"{embeddings.Count} embeddings cannot give a full {dimension}-D covariance.", nameof(embeddings));
        }

        var x = Matrix<double>.Build.Dense(embeddings.Count, dimension, (i, j) => embeddings[i][j]);
        var mean = x.ColumnSums() / embeddings.Count;
        var centred = x - Matrix<double>.Build.Dense(embeddings.Count, dimension, (_, j) => mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / (embeddings.Count - 1);

        // A ridge far below any real direction's variance keeps the factorisation defined when embeddings are degenerate.
        covariance += Matrix<double>.Build.DenseIdentity(dimension) * (1e-9 * covariance.Trace() / dimension);
        var factor = covariance.Cholesky().Factor;
        return new GaussianDistractors(
            [.. mean.Select(v => (float)v)],
            [.. Enumerable.Range(0, dimension).Select(i => Enumerable.Range(0, i + 1).Select(j => (float)factor[i, j]).ToArray())],
            seed);
    }

    // The same seed in every process (HashCode.Combine is randomised per process): a golden-ratio multiply of (seed, stream).
    public static int StreamSeed(int seed, long stream) =>
        (int)(((((ulong)(uint)seed << 32) | (ulong)stream) * 0x9E3779B97F4A7C15UL) >> 33);

    /// <summary>Writes distractors <paramref name="first"/> .. first + count - 1 to <paramref name="sink"/>, in parallel by streams of rows.</summary>
    public void Generate(long first, long count, Action<long, float[]> sink)
    {
        var firstStream = first / RowsPerStream;
        var lastStream = (first + count - 1) / RowsPerStream;
        Parallel.For(firstStream, lastStream + 1, stream =>
        {
            var random = new Random(StreamSeed(_seed, stream));
            var z = new double[Dimension];
            var zf = new float[Dimension];
            for (var row = stream * RowsPerStream; row < (stream + 1) * RowsPerStream; row++)
            {
                // Every row of a stream is drawn, in order, so a row's value does not depend on which rows are asked for.
                Normal.Samples(random, z, 0, 1);
                if (row < first || row >= first + count)
                {
                    continue;
                }

                for (var j = 0; j < z.Length; j++)
                {
                    zf[j] = (float)z[j];
                }

                var vector = new float[Dimension];
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] = _mean[i] + TensorPrimitives.Dot<float>(_factor[i], zf.AsSpan(0, i + 1));
                }

                TensorPrimitives.Divide(vector, TensorPrimitives.Norm<float>(vector), vector);
                sink(row, vector);
            }
        });
    }
}
