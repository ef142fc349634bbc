namespace EGov.Biometrics.Registry.Subjects;

/// <summary>Thrown when an enrolment names a PINFL that is already enrolled.</summary>
public sealed class SubjectExistsException : Exception
{
    public SubjectExistsException()
    {
    }

    public SubjectExistsException(string message)
        : base(message)
    {
    }

    public SubjectExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static SubjectExistsException For(string pinfl) => new($"Subject {pinfl} is already enrolled.");
}
