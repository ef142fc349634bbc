namespace EGov.Biometrics.Vision.Quality;

/// <summary>Quality gates. Defaults suit a service-desk camera at arm's length, not passport (ICAO) capture.</summary>
public sealed record QualityOptions
{
    /// <summary>The defaults.</summary>
    public static QualityOptions Default { get; } = new();

    /// <summary>Minimum distance between the eye centres, in pixels.</summary>
    public float MinInterEyePx { get; init; } = 30;

    /// <summary>Inter-eye distance at which the size component reaches its full score.</summary>
    public float GoodInterEyePx { get; init; } = 60;

    /// <summary>Minimum variance of the Laplacian of the aligned grey crop.</summary>
    public float MinSharpness { get; init; } = 40;

    /// <summary>Minimum mean brightness of the aligned grey crop (0–255).</summary>
    public float MinExposure { get; init; } = 50;

    /// <summary>Maximum mean brightness of the aligned grey crop (0–255).</summary>
    public float MaxExposure { get; init; } = 210;

    /// <summary>Minimum standard deviation of the aligned grey crop.</summary>
    public float MinContrast { get; init; } = 20;

    /// <summary>Maximum yaw, in degrees.</summary>
    public float MaxYaw { get; init; } = 30;

    /// <summary>Maximum pitch, in degrees.</summary>
    public float MaxPitch { get; init; } = 25;

    /// <summary>Maximum roll, in degrees.</summary>
    public float MaxRoll { get; init; } = 35;

    /// <summary>Minimum open probability of each eye.</summary>
    public float MinEyeOpen { get; init; } = 0.5f;
}
