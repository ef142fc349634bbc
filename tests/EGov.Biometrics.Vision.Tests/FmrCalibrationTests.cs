using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Vision.Tests;

public sealed class FmrCalibrationTests
{
    private static readonly CalibrationSpec Spec = new(
        "cosine",
        1e-4,
        [new FmrThreshold(1e-2, 0.25f), new FmrThreshold(1e-3, 0.35f), new FmrThreshold(1e-4, 0.42f), new FmrThreshold(1e-5, 0.48f, Extrapolated: true)],
        "test");

    [Fact]
    public void Table_rows_are_returned_exactly()
    {
        var calibration = new FmrCalibration(Spec);

        Assert.Equal(new FmrOperatingPoint(1e-4, 0.42f, false), calibration.Default);
        Assert.Equal(0.35f, calibration.At(1e-3).Threshold);
        Assert.True(calibration.At(1e-5).Extrapolated);
    }

    [Fact]
    public void Between_rows_the_threshold_is_interpolated_in_log_fmr()
    {
        var point = new FmrCalibration(Spec).At(Math.Sqrt(1e-3 * 1e-4)); // halfway in log10

        Assert.Equal((0.35f + 0.42f) / 2, point.Threshold, 4);
        Assert.False(point.Extrapolated);
        Assert.True(new FmrCalibration(Spec).At(3e-5).Extrapolated);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1e-6)]
    [InlineData(double.NaN)]
    public void An_fmr_outside_the_table_is_refused(double fmr) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FmrCalibration(Spec).At(fmr));

    [Fact]
    public void Stricter_fmr_means_higher_threshold()
    {
        var calibration = new FmrCalibration(Spec);
        var fmrs = new[] { 1e-2, 5e-3, 1e-3, 2e-4, 1e-4, 1e-5 };

        var thresholds = fmrs.Select(f => calibration.At(f).Threshold).ToList();

        Assert.Equal(thresholds.Order(), thresholds);
    }
}
