using System.Text.Json;

namespace EGov.Biometrics.Benchmarks.Tests;

/// <summary>Runs egov-bench in-process and captures what it prints.</summary>
internal static class BenchRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = BenchApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static JsonElement RunJson(params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        return JsonDocument.Parse(output).RootElement;
    }
}
