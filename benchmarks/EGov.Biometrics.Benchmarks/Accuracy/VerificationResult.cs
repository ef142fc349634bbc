namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>Verification accuracy after the LFW View 2 protocol, and the error-rate curves.</summary>
public sealed record VerificationResult(
    double AccuracyMean,
    double AccuracyStd,
    double Auc,
    double Eer,
    double TarAtFar1e3,
    double FarResolution,
    IReadOnlyList<double> FoldAccuracies);
