namespace EGov.Biometrics.Cli.Output;

internal sealed record CompareJson(float Similarity, float Threshold, double Fmr, bool Match, string Model);
