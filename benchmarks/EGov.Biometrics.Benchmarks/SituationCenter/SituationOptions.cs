namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>What <c>bench console</c> runs: how many desks in how many centres, how long CPU is measured, how many page loads and updates are timed.</summary>
public sealed record SituationOptions
{
    public int Desks { get; init; } = 3000;

    public int Centres { get; init; } = 30;

    /// <summary>Each CPU window: the idle server, then the server with every desk streaming.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    public int Loads { get; init; } = 5;

    public int Updates { get; init; } = 5;

    public string Chromium { get; init; } = "/usr/bin/chromium";

    /// <summary>Added to the server process's environment (runtime switches such as DOTNET_EnableAVX512=0).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();
}
