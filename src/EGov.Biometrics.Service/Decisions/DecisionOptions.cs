namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// How decisions are taken here: the gates an enrolment photo must pass, and whether enrolment images are kept
/// (encrypted, bound to their template): they let a new embedding model re-template everyone, at the cost of holding photos.
/// </summary>
public sealed record DecisionOptions(CaptureGates Gates, bool StoreImages = false)
{
    public static readonly DecisionOptions Default = new(CaptureGates.Default);
}
