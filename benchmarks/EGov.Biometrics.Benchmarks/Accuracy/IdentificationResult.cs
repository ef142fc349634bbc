namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>Open-set (1:N) identification figures after NIST FRTE: rank-1 and FNIR at fixed FPIR.</summary>
public sealed record IdentificationResult(
    int GallerySubjects,
    int Distractors,
    int MatedProbes,
    int NonMatedProbes,
    double Rank1,
    double FnirAtFpir1e2,
    double FnirAtFpir3e3);
