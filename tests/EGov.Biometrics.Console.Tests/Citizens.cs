namespace EGov.Biometrics.Console.Tests;

/// <summary>The citizens the site enrols and the PINFLs the tests claim.</summary>
public static class Citizens
{
    /// <summary>Enrolled from one sample photo; the desk agent's camera and the browser's fake camera show them.</summary>
    public const string AtDesk = "41111111111111";

    /// <summary>Enrolled too, never in front of a camera: claiming this PINFL there is a non-match.</summary>
    public const string Elsewhere = "42222222222222";

    /// <summary>A well-formed PINFL nobody is enrolled under.</summary>
    public const string Unknown = "49999999999999";
}
