namespace EGov.Biometrics.Vision.Quality;

/// <summary>Quality gates. Defaults suit a service-desk camera at arm's length, not passport (ICAO) capture.</summary>
public sealed record QualityOptions
{
    public static QualityOptions Default { get; } = new();

    public float MinInterEyePx { get; init; } = 30;

    /// <summary>Inter-eye distance at which the size component reaches its full score.</summary>
    public float GoodInterEyePx { get; init; } = 60;

    /// <summary>Minimum variance of the Laplacian of the aligned grey crop.</summary>
    public float MinSharpness { get; init; } = 40;

    public float MinExposure { get; init; } = 50;

    public float MaxExposure { get; init; } = 210;

    /// <summary>Minimum standard deviation of the aligned grey crop.</summary>
    public float MinContrast { get; init; } = 20;

    public float MaxYaw { get; init; } = 30;

    public float MaxPitch { get; init; } = 25;

    public float MaxRoll { get; init; } = 35;

    public float MinEyeOpen { get; init; } = 0.5f;
}
