namespace EGov.Biometrics.Edge.Sources;

/// <summary>How the sources that <see cref="FrameSourceSpec.CreateSource"/> makes behave.</summary>
public sealed record FrameSourceOptions
{
    public static FrameSourceOptions Default { get; } = new();

    /// <summary>Frames per second at which an image folder is played.</summary>
    public double FolderFrameRate { get; init; } = 10;

    /// <summary>Play an image folder again from the start when it ends, instead of ending.</summary>
    public bool Loop { get; init; }

    /// <summary>Pace a video file by its own frame rate instead of reading it as fast as possible.</summary>
    public bool Realtime { get; init; }

    /// <summary>How long opening a network stream, or waiting for its next frame, may take before it counts as failed.</summary>
    public TimeSpan StreamTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock that stamps and paces frames (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
