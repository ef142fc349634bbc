using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Edge.Agent.Tests;

/// <summary>egov-edge's settings: the command line over appsettings, bare flags, and bad settings refused with the reason.</summary>
public sealed class AgentSettingsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-edge-settings-");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_command_line_sets_the_agent_and_bare_flags_mean_true()
    {
        using var host = AgentHost.Build(["--source", _folder.FullName, "--desk", "desk-3", "--api-key", "k", "--once", "--frame-rate", "4", "--data-dir", Path.Combine(_folder.FullName, "data")]);
        var options = host.Services.GetRequiredService<AgentOptions>();

        Assert.Equal("desk-3", options.Desk);
        Assert.True(options.Once);
        Assert.False(options.Loop);
        Assert.Equal(4, options.FrameRate);
        Assert.Equal("https://127.0.0.1:5001", options.Server); // from appsettings.json

        // The queue key is made on first use, readable by the agent's user only.
        Assert.Equal(0, host.Services.GetRequiredService<Queue.DiskCaptureQueue>().Depth);
        var key = Path.Combine(_folder.FullName, "data", "queue.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    [Theory]
    [InlineData(new[] { "--desk", "d", "--api-key", "k" }, "--source is required")]
    [InlineData(new[] { "--source", "SOURCE", "--api-key", "k" }, "--desk is required")]
    [InlineData(new[] { "--source", "SOURCE", "--desk", "d" }, "--api-key is required")]
    [InlineData(new[] { "--source", "SOURCE", "--desk", "d", "--api-key", "k", "--server", "ftp://x" }, "--server must be")]
    [InlineData(new[] { "--source", "SOURCE", "--desk", "d", "--api-key", "k", "--frame-rate", "0" }, "--frame-rate")]
    [InlineData(new[] { "--source", "/nowhere/at/all", "--desk", "d", "--api-key", "k" }, "no such folder or file")]
    public void Bad_settings_are_refused_with_the_reason(string[] args, string message)
    {
        args = [.. args.Select(a => a == "SOURCE" ? _folder.FullName : a), "--data-dir", Path.Combine(_folder.FullName, "data")];
        var error = Assert.ThrowsAny<Exception>(() => AgentHost.Build(args).Dispose());
        Assert.True(error is ArgumentException or FormatException, error.GetType().Name);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
