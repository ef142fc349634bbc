namespace EGov.Biometrics.Vision.Liveness;

/// <summary>One context crop's presentation-attack signals and the liveness they add up to.</summary>
/// <param name="MiniFas">The MiniFAS model's probability of a live face.</param>
/// <param name="Cues">The screen and print cues.</param>
/// <param name="Liveness">The combined score in [0, 1] (<see cref="PadCalibration.Combine"/>): at least 0.5 is bona fide at the calibrated threshold.</param>
public readonly record struct PadFrame(float MiniFas, PadCues Cues, float Liveness);
