namespace EGov.Biometrics.Benchmarks.Pad;

/// <summary>
/// What <see cref="PadBenchmark"/> measured, in ISO/IEC 30107-3 terms: BPCER (bona fide presentations classified
/// as attacks) and APCER per PAI species (attack presentations classified as bona fide), at the threshold in force,
/// per frame and over a visit of <see cref="FramesPerVisit"/> frames; attacks whose face was not even detected are
/// counted apart. <see cref="Signals"/> holds each signal's percentiles per class, to show what separates them.
/// </summary>
public sealed record PadBenchmarkResult(
    string Set,
    int BonaFide,
    int FramesPerVisit,
    double Threshold,
    double Bpcer,
    double BpcerPerFrame,
    IReadOnlyDictionary<string, SpeciesResult> Apcer,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double[]>> Signals,
    IReadOnlyDictionary<string, double> MiniFasAloneApcerAtItsBpcer,
    IReadOnlyList<string> BonaFideRefused,
    string Note);
