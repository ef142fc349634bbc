namespace EGov.Biometrics.Service.Desks;

/// <summary>What an agent watches: a service desk (captures, visits) or a waiting hall (counts and dwell only, never faces).</summary>
public static class DeskModes
{
    public const string Desk = "desk";
    public const string Hall = "hall";

    /// <summary>The mode an agent announced (empty: an agent from before modes, a desk), or a clear refusal.</summary>
    public static string Parse(string mode) => mode switch
    {
        "" or Desk => Desk,
        Hall => Hall,
        _ => throw new ArgumentException($"mode must be '{Desk}' or '{Hall}', got '{Text.Bounded(mode, 16)}'."),
    };
}
