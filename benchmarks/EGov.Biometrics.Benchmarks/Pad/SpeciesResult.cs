namespace EGov.Biometrics.Benchmarks.Pad;

/// <summary>APCER of one PAI species: attacks presented, those whose face was detected, and the share of those accepted.</summary>
public sealed record SpeciesResult(int Presented, int Detected, double Apcer, double ApcerPerFrame);
