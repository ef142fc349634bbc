using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Pose;

/// <summary>One angle of the pose model's read as a linear function of the landmark pose's: model ≈ slope · landmarks + offset.</summary>
public readonly record struct AngleMap(
    [property: JsonPropertyName("slope")] double Slope,
    [property: JsonPropertyName("offset")] double Offset)
{
    /// <summary>The map that leaves an angle as it is.</summary>
    public static AngleMap Identity { get; } = new(1, 0);

    /// <summary>The least-squares line through (landmarks, model) pairs of one angle.</summary>
    public static AngleMap Fit(IReadOnlyList<(double Landmarks, double Model)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count < 2)
        {
            throw new ArgumentException("A line needs two pairs at least.", nameof(pairs));
        }

        var meanX = pairs.Average(p => p.Landmarks);
        var meanY = pairs.Average(p => p.Model);
        var sxx = pairs.Sum(p => (p.Landmarks - meanX) * (p.Landmarks - meanX));
        var sxy = pairs.Sum(p => (p.Landmarks - meanX) * (p.Model - meanY));
        var slope = sxx == 0 ? 1 : sxy / sxx;
        return new AngleMap(slope, meanY - (slope * meanX));
    }

    /// <summary>The model's angle this map expects for a landmark angle.</summary>
    public double Apply(double landmarks) => (Slope * landmarks) + Offset;
}
