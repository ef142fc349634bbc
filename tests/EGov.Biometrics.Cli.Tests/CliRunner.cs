using System.Text.Json;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Cli.Tests;

/// <summary>Runs egov-bio in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static JsonElement RunJson(params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    public static string Sample(int index) => ModelStore.Discover().AssetPath($"sample{index}");
}
