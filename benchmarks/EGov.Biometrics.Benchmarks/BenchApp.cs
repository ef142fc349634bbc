using System.CommandLine;
using EGov.Biometrics.Benchmarks.Commands;
using EGov.Biometrics.CommandLine;

namespace EGov.Biometrics.Benchmarks;

/// <summary>
/// The egov-bench command tree, also run as <c>egov-bio bench …</c>. Output goes to the given writers, so tests
/// run it in-process.
/// </summary>
public static class BenchApp
{
    public static RootCommand Build() => new("egov-bench: EGov.Biometrics headline benchmarks; each reports medians and ratios measured in the same run.")
    {
        BenchPipelineCommand.Create(),
        BenchLfwCommand.Create(),
        BenchMatchCommand.Create(),
        BenchLoadCommand.Create(),
        BenchEdgeCommand.Create(),
        BenchConsoleCommand.Create(),
        BenchPadCommand.Create(),
        BenchPoseCommand.Create(),
        BenchClusterCommand.Create(),
    };

    /// <summary>Runs one command line; user errors print one line on <paramref name="error"/> and return 2.</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        CommandLineRunner.Run("egov-bench", Build(), args, output, error);
}
