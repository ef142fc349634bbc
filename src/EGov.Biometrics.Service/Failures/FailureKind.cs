namespace EGov.Biometrics.Service.Failures;

/// <summary>The kinds of failure a use case reports; each front end maps them to its own status (gRPC code, HTTP status).</summary>
public enum FailureKind
{
    InvalidArgument,
    Unauthenticated,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    FailedPrecondition,
    DeadlineExceeded,
    Cancelled,
    DataLoss,
    ResourceExhausted,
    Unavailable,
}
