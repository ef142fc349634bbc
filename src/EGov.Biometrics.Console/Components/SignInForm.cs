namespace EGov.Biometrics.Console.Components;

/// <summary>What the sign-in form posts.</summary>
public sealed class SignInForm
{
    public string? Username { get; set; }

    public string? Password { get; set; }
}
