namespace EGov.Biometrics.Vision.Quality;

/// <summary>Probability that each eye is open.</summary>
public readonly record struct EyeState(float LeftOpen, float RightOpen);
