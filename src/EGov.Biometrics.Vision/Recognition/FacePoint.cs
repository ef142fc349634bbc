namespace EGov.Biometrics.Vision.Recognition;

/// <summary>One landmark in image pixels and its index among the 68 iBUG points.</summary>
/// <param name="X">Column, in pixels.</param>
/// <param name="Y">Row, in pixels.</param>
/// <param name="Index">Index among the 68 points (0–67).</param>
public readonly record struct FacePoint(int X, int Y, int Index);
