namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// LFW View 2 through the FaceRecognitionDotNet-shaped facade: dlib encodings compared by Euclidean distance at the fixed
/// tolerance (all pairs, and per fold), beside the 10-fold protocol's learnt threshold; with calibration, the tolerance
/// for each FMR over every cross-identity pair of LFW.
/// </summary>
public sealed record FaceRecognitionLfwReport(
    int Pairs,
    double Tolerance,
    int Jitters,
    double AccuracyAtTolerance,
    double FoldMeanAtTolerance,
    double FoldStdAtTolerance,
    double FalseMatchRateAtTolerance,
    double FalseNonMatchRateAtTolerance,
    double TenFoldAccuracyMean,
    double TenFoldAccuracyStd,
    double Auc,
    double Eer,
    int Images,
    int NoFaceFound,
    double MsPerImage,
    string Cpu,
    long? ImpostorPairs = null,
    IReadOnlyList<EGov.Biometrics.Vision.Models.FmrThreshold>? Tolerances = null);
