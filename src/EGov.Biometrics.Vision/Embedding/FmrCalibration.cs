using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Vision.Embedding;

/// <summary>
/// Turns a requested false-match rate into a threshold, from the embedder's calibration table.
/// Between table rows the threshold is interpolated linearly in log10(FMR).
/// </summary>
public sealed class FmrCalibration
{
    private readonly FmrThreshold[] _rows;

    /// <summary>The calibration a manifest entry describes.</summary>
    public FmrCalibration(CalibrationSpec spec)
    {
        if (spec.Thresholds.Count == 0)
        {
            throw new InvalidDataException("A calibration needs at least one FMR threshold.");
        }

        _rows = spec.Thresholds.OrderByDescending(r => r.Fmr).ToArray();
        Default = At(spec.DefaultFmr);
    }

    /// <summary>The operating point at the manifest's default FMR.</summary>
    public FmrOperatingPoint Default { get; }

    /// <summary>The smallest calibrated FMR.</summary>
    public double MinFmr => _rows[^1].Fmr;

    /// <summary>The largest calibrated FMR.</summary>
    public double MaxFmr => _rows[0].Fmr;

    /// <summary>The operating point for <paramref name="fmr"/>; it must lie inside the calibrated range.</summary>
    public FmrOperatingPoint At(double fmr)
    {
        if (!(fmr >= MinFmr && fmr <= MaxFmr))
        {
            throw new ArgumentOutOfRangeException(nameof(fmr), fmr, $"The calibration covers FMR {MinFmr:0.#e0} to {MaxFmr:0.#e0}.");
        }

        for (var i = 0; i < _rows.Length; i++)
        {
            if (_rows[i].Fmr == fmr)
            {
                return new FmrOperatingPoint(fmr, _rows[i].Threshold, _rows[i].Extrapolated);
            }

            if (_rows[i].Fmr > fmr && _rows[i + 1].Fmr < fmr)
            {
                var (hi, lo) = (_rows[i], _rows[i + 1]);
                var t = (Math.Log10(hi.Fmr) - Math.Log10(fmr)) / (Math.Log10(hi.Fmr) - Math.Log10(lo.Fmr));
                return new FmrOperatingPoint(fmr, (float)(hi.Threshold + (t * (lo.Threshold - hi.Threshold))), hi.Extrapolated || lo.Extrapolated);
            }
        }

        throw new InvalidOperationException("unreachable: the FMR lies inside the table");
    }
}
