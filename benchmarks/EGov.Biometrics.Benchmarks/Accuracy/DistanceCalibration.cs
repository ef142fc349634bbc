using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Recognition;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Distance tolerances by false-match rate for <see cref="FaceRecognition.CompareFace"/>, from every cross-identity
/// comparison of a set of encodings (about 87 million on LFW): the tolerance for an FMR is the largest distance at
/// which at most that fraction of impostor pairs lie within it. Rows with fewer than ten impostor pairs inside are
/// left out (not extrapolated).
/// </summary>
public static class DistanceCalibration
{
    private const double MaxDistance = 4;
    private const int Bins = 40000;

    public static (long ImpostorPairs, IReadOnlyList<FmrThreshold> Tolerances) Calibrate(IReadOnlyList<(string Identity, FaceEncoding Encoding)> items)
    {
        var counts = CrossIdentityHistogram.Count(
            items, Bins, (a, b) => Math.Clamp((int)(FaceRecognition.FaceDistance(a, b) / MaxDistance * Bins), 0, Bins - 1));
        var total = counts.Sum();
        var tolerances = new List<FmrThreshold>();
        foreach (var fmr in ImpostorCalibration.Targets.Where(f => f * total >= 10))
        {
            // Walk up from the smallest distances; the tolerance is the lower edge of the bin that would take the count past FMR·N.
            long within = 0;
            var b = 0;
            while (b < Bins && within + counts[b] <= fmr * total)
            {
                within += counts[b++];
            }

            tolerances.Add(new FmrThreshold(fmr, (float)Math.Round(b * MaxDistance / Bins, 4)));
        }

        return (total, tolerances);
    }
}
