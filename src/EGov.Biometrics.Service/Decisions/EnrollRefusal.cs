namespace EGov.Biometrics.Service.Decisions;

/// <summary>Why an item of a batch enrolment was not enrolled (<see cref="None"/>: it was).</summary>
public enum EnrollRefusal
{
    None,
    InvalidPinfl,
    AlreadyEnrolled,
    UnreadableImage,
    NoFace,
    SeveralPeople,
    CaptureGates,
    DuplicateInRegistry,
    DuplicateInBatch,
    KeyReused,
    InvalidProbe,
}
