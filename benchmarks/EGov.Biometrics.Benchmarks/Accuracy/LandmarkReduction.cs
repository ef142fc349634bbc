namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>Which of the 68 landmarks make the five alignment points.</summary>
public enum LandmarkReduction
{
    /// <summary>The product's: eye centre from the four eyelid points, mouth corners from outer and inner lip corners.</summary>
    Eyelids,

    /// <summary>Eye centre from all six eye points.</summary>
    EyeRing,

    /// <summary>Mouth corners from the outer lip corners alone.</summary>
    OuterMouth,
}
