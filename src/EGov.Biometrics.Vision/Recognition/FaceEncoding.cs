namespace EGov.Biometrics.Vision.Recognition;

/// <summary>
/// A 128-D face encoding from dlib's ResNet face descriptor, as dlib computes it (not normalised): two encodings of
/// one person lie within Euclidean distance 0.6 of each other (<see cref="FaceRecognition.FaceDistance"/>).
/// </summary>
public sealed class FaceEncoding
{
    /// <summary>The number of values in an encoding.</summary>
    public const int Length = 128;

    private readonly double[] _values;

    /// <summary>An encoding from stored values (for example from <see cref="GetRawEncoding"/>).</summary>
    public FaceEncoding(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Length)
        {
            throw new ArgumentException($"A face encoding has {Length} values, got {values.Count}.", nameof(values));
        }

        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("A face encoding's values must be finite numbers.", nameof(values));
        }

        _values = [.. values];
    }

    /// <summary>The number of values (<see cref="Length"/>).</summary>
    public int Size => _values.Length;

    /// <summary>A copy of the 128 values.</summary>
    public double[] GetRawEncoding() => [.. _values];

    /// <summary>Euclidean distance to another encoding.</summary>
    internal double DistanceTo(FaceEncoding other)
    {
        var sum = 0.0;
        for (var i = 0; i < _values.Length; i++)
        {
            var d = _values[i] - other._values[i];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }
}
