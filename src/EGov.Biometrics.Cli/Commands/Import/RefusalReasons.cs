using EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>The reason codes of the refusal report, one per kind of refusal, and the server's refusals mapped to them.</summary>
internal static class RefusalReasons
{
    public const string BadPinfl = "bad-pinfl";
    public const string UnreadableFile = "unreadable-file";
    public const string NoFace = "no-face";
    public const string SeveralPeople = "several-people";
    public const string QualityGate = "quality-gate";
    public const string DuplicateInImport = "duplicate-in-import";
    public const string DuplicateInRegistry = "duplicate-in-registry";
    public const string AlreadyEnrolled = "already-enrolled";
    public const string RepeatedPinfl = "repeated-pinfl";
    public const string InvalidRow = "invalid-row";
    public const string InvalidPhoto = "invalid-photo";
    public const string KeyReused = "key-reused";

    public static string Of(EnrollRefusal refusal) => refusal switch
    {
        EnrollRefusal.InvalidPinfl => BadPinfl,
        EnrollRefusal.AlreadyEnrolled => AlreadyEnrolled,
        EnrollRefusal.UnreadableImage => UnreadableFile,
        EnrollRefusal.NoFace => NoFace,
        EnrollRefusal.SeveralPeople => SeveralPeople,
        EnrollRefusal.CaptureGates => QualityGate,
        EnrollRefusal.DuplicateInRegistry => DuplicateInRegistry,
        EnrollRefusal.DuplicateInBatch => DuplicateInImport,
        EnrollRefusal.KeyReused => KeyReused,
        _ => InvalidPhoto,
    };
}
