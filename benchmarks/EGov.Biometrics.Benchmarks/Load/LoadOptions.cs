namespace EGov.Biometrics.Benchmarks.Load;

/// <summary>What to run: registry size, client counts, and how long each level is measured.</summary>
public sealed record LoadOptions
{
    public int Subjects { get; init; } = 100_000;

    public IReadOnlyList<int> Clients { get; init; } = [1, 16, 64];

    /// <summary>Untimed closed loop before each level, and of every probe on every client before the first level.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Aligned-crop levels are bound by the embedder; they need less time to settle.</summary>
    public TimeSpan CropDuration { get; init; } = TimeSpan.FromSeconds(6);

    public int Seed { get; init; } = 7;
}
