namespace EGov.Biometrics.Vision.Liveness;

/// <summary>
/// Screen and print signals measured on one context crop (<see cref="LivenessContext"/>); each grows with the
/// evidence of an artefact (none is a probability).
/// </summary>
/// <param name="Moire">Prominence of the sharpest periodic peaks in the crop's 2-D spectrum (log units above the local spectrum): moiré, halftone dots, pixel grids.</param>
/// <param name="Stripes">Prominence of the strongest periodicity of the colour difference (red minus blue) along rows or columns: a screen's sub-pixel stripes.</param>
/// <param name="BlackLevel">The 1st percentile of brightness (0–255): paper and backlit screens cannot show deep black.</param>
/// <param name="Glare">Share of the face region that is blown-out white: a specular reflection from glass or glossy paper.</param>
public readonly record struct PadCues(float Moire, float Stripes, float BlackLevel, float Glare);
