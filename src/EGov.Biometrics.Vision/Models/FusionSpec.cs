namespace EGov.Biometrics.Vision.Models;

/// <summary>
/// The manifest's score fusion of two embedders: the first model's weight in the fused score
/// <c>w·s1 + (1 − w)·s2</c> (a z-normalised sum by their impostor deviations) and that score's FMR calibration.
/// </summary>
/// <param name="Models">The two embedders, the weighted one first.</param>
/// <param name="FirstWeight">The first model's weight.</param>
/// <param name="Calibration">Thresholds of the fused score by false-match rate.</param>
/// <param name="Notes">Where the figures come from.</param>
public sealed record FusionSpec(IReadOnlyList<string> Models, double FirstWeight, CalibrationSpec Calibration, string? Notes = null);
