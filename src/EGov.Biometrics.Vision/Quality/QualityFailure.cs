namespace EGov.Biometrics.Vision.Quality;

/// <summary>One quality gate that failed, with the measured value and the limit.</summary>
public sealed record QualityFailure(string Component, string Reason);
