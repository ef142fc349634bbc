namespace EGov.Biometrics.Registry.Subjects;

/// <summary>
/// The idempotency key an enrolment is made under (bulk import: one per manifest row), with a hash of what was asked
/// (the PINFL and the photos) and the credential that asked: a retry with the same key and the same request gets the
/// first enrolment back; the same key with another request is a client's mistake, not a retry.
/// </summary>
public sealed record EnrollmentKey(string Key, byte[] RequestHash, string Caller)
{
    public const int MaxLength = 128;
}
