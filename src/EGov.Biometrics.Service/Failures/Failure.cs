using System.Security.Cryptography;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Desks;
using EGov.Biometrics.Service.Galleries;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Service.Failures;

/// <summary>A use case's failure as a front end reports it: its kind and a message that names the problem (bounded).</summary>
public sealed record Failure(FailureKind Kind, string Message)
{
    public const int MaxMessageLength = 400;

    /// <summary>The failure <paramref name="e"/> stands for, or null for an unexpected one (log it; tell the caller nothing).</summary>
    public static Failure? Of(Exception e) => e switch
    {
        InvalidImageException or ArgumentException => new(FailureKind.InvalidArgument, Short(e.Message)),
        SubjectExistsException or DuplicateSubjectException or PersonExistsException => new(FailureKind.AlreadyExists, Short(e.Message)),
        KeyNotFoundException => new(FailureKind.NotFound, Short(e.Message)),
        AccessDeniedException => new(FailureKind.PermissionDenied, Short(e.Message)),
        CredentialRevokedException => new(FailureKind.Unauthenticated, Short(e.Message)),
        DeskUnavailableException or ModelNotServedException or PreconditionFailedException => new(FailureKind.FailedPrecondition, Short(e.Message)),
        CryptographicException => new(FailureKind.DataLoss, "A stored template failed authentication."),
        AttemptsThrottledException => new(FailureKind.ResourceExhausted, Short(e.Message)),
        GalleryUnavailableException => new(FailureKind.Unavailable, Short(e.Message)),
        TimeoutException => new(FailureKind.DeadlineExceeded, Short(e.Message)),
        OperationCanceledException => new(FailureKind.Cancelled, "The call was cancelled or its deadline passed."),
        _ => null,
    };

    private static string Short(string message) => message.Length <= MaxMessageLength ? message : message[..MaxMessageLength] + "…";
}
