namespace EGov.Biometrics.Benchmarks.Edge;

/// <summary>How long each part runs, how fast the folder plays, and how slow the slow server is.</summary>
public sealed record EdgeOptions
{
    public double ProcessorSeconds { get; init; } = 10;

    /// <summary>Seconds egov-edge runs under each server; 0 skips that part.</summary>
    public double AgentSeconds { get; init; } = 60;

    /// <summary>Frames per second the folder plays at: faster than the processor, so frames must be skipped.</summary>
    public double SourceFps { get; init; } = 60;

    public TimeSpan SlowAck { get; init; } = TimeSpan.FromSeconds(2);
}
