namespace EGov.Biometrics.Service.Access;

/// <summary>
/// The console's password rules: <see cref="MaxFailures"/> consecutive failed sign-ins lock an account for
/// <see cref="Lockout"/>; passwords are at least <see cref="MinPasswordLength"/> characters, hashed with PBKDF2
/// at <see cref="HashIterations"/> (stored hashes at fewer iterations are re-hashed at the next sign-in).
/// </summary>
public sealed record SignInOptions(int MaxFailures = 5, TimeSpan? LockoutDuration = null, int MinPasswordLength = 12, int HashIterations = 100_000)
{
    public const int MaxPasswordLength = 256;

    public static readonly SignInOptions Default = new();

    public TimeSpan Lockout => LockoutDuration ?? TimeSpan.FromMinutes(15);
}
