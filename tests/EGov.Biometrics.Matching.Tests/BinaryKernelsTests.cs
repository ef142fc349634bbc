using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Tests;

public sealed class BinaryKernelsTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(128)]
    [InlineData(100)] // a last word only partly used
    [InlineData(3)]
    public void Codes_and_distances_match_a_bit_by_bit_reference(int dim)
    {
        var random = new Random(dim);
        var rows = Enumerable.Range(0, 37).Select(_ => RandomVectors.Unit(random, dim)).ToArray();
        var query = RandomVectors.Unit(random, dim);
        var words = BinaryKernels.Words(dim);
        var codes = new ulong[rows.Length * words];
        for (var r = 0; r < rows.Length; r++)
        {
            BinaryKernels.Encode(rows[r], codes.AsSpan(r * words, words));
        }

        var queryCode = new ulong[words];
        BinaryKernels.Encode(query, queryCode);
        var distances = new ushort[rows.Length];

        BinaryKernels.Distances(codes, queryCode, distances);

        for (var r = 0; r < rows.Length; r++)
        {
            var expected = Enumerable.Range(0, dim).Count(i => rows[r][i] > 0 != query[i] > 0);
            Assert.Equal(expected, distances[r]);
            Assert.Equal(expected, BinaryKernels.Hamming(codes.AsSpan(r * words, words), queryCode));
        }
    }

    [Fact]
    public void Hamming_distance_tracks_the_angle_so_the_nearest_codes_hold_the_nearest_vectors()
    {
        // For unit vectors, E[Hamming / dim] = angle / π: a close probe must be far nearer in Hamming than a stranger.
        var random = new Random(5);
        var person = RandomVectors.Unit(random, 512);
        var probe = RandomVectors.Near(random, person, 0.5f);
        var stranger = RandomVectors.Unit(random, 512);
        int Distance(float[] a, float[] b)
        {
            var (ca, cb) = (new ulong[8], new ulong[8]);
            BinaryKernels.Encode(a, ca);
            BinaryKernels.Encode(b, cb);
            return BinaryKernels.Hamming(ca, cb);
        }

        var expectedNear = Math.Acos(RandomVectors.ScalarDot(person, probe)) / Math.PI * 512;
        Assert.InRange(Distance(person, probe), expectedNear - 40, expectedNear + 40);
        Assert.InRange(Distance(person, stranger), 256 - 50, 256 + 50);
    }

    [Fact]
    public void Mismatched_lengths_are_refused_with_the_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => BinaryKernels.Encode(new float[512], new ulong[7]));
        Assert.Contains("8 words", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BinaryKernels.Distances(new ulong[17], new ulong[8], new ushort[2]));
    }
}
