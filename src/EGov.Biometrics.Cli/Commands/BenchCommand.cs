using System.CommandLine;
using System.CommandLine.Parsing;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EGov.Biometrics.Cli.Commands;

/// <summary>
/// <c>egov-bio bench …</c>: the benchmarks are a program of their own, egov-bench, so egov-bio ships without the
/// server, the edge agent and ScottPlot they need. This runs egov-bench with the arguments unchanged, streams what
/// it prints and returns its exit code.
/// </summary>
internal static class BenchCommand
{
    public const string Name = "bench";

    private static readonly string Program = OperatingSystem.IsWindows() ? "egov-bench.exe" : "egov-bench";

    public static Command Create()
    {
        var arguments = new Argument<string[]>("arguments")
        {
            Description = "egov-bench's command and options, passed on unchanged ('egov-bio bench --help' lists them).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command(Name, "Run a benchmark (pipeline, lfw, match, load, edge, console, pad, pose, cluster) with egov-bench.") { arguments };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => Forward(
            [.. parse.Tokens.SkipWhile(t => t.Type != TokenType.Command || t.Value != Name).Skip(1).Select(t => t.Value)],
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs egov-bench, found beside egov-bio or on PATH, with <paramref name="arguments"/>.</summary>
    public static int Forward(IReadOnlyList<string> arguments, TextWriter output, TextWriter error) =>
        Forward(arguments, output, error, AppContext.BaseDirectory, Environment.GetEnvironmentVariable("PATH"));

    internal static int Forward(IReadOnlyList<string> arguments, TextWriter output, TextWriter error, string baseDirectory, string? searchPath) =>
        Run(Locate(baseDirectory, searchPath) ?? throw new CommandException(
                "bench runs egov-bench, which is neither beside egov-bio nor on PATH: './build.sh setup' publishes it as ./bin/egov-bench " +
                "(or: dotnet publish benchmarks/EGov.Biometrics.Benchmarks -o DIR, with DIR on PATH)."),
            arguments, output, error);

    /// <summary>
    /// egov-bench in egov-bio's own folder, in the folder beside it (build.sh publishes each program to
    /// artifacts/publish/NAME), or on <paramref name="searchPath"/>; null when there is none.
    /// </summary>
    internal static string? Locate(string baseDirectory, string? searchPath)
    {
        string[] near = [baseDirectory, Path.Combine(baseDirectory, "..", "egov-bench")];
        var onPath = (searchPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return near.Concat(onPath).Select(folder => Path.GetFullPath(Path.Combine(folder, Program))).FirstOrDefault(IsExecutable);
    }

    internal static int Run(string executable, IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        // On the console egov-bench writes straight to egov-bio's own output; other writers (tests) get its output copied as it comes.
        var copy = !ReferenceEquals(output, Console.Out) || !ReferenceEquals(error, Console.Error);
        var start = new ProcessStartInfo(executable, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = copy,
            RedirectStandardError = copy,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CommandException($"{executable} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new CommandException($"{executable} did not start: {e.Message}");
        }

        using (process)
        {
            // Ctrl+C reaches egov-bench too and it stops in its own time; egov-bio waits for its exit code.
            // A SIGTERM is for egov-bio alone: it takes egov-bench (and the server it may run) down with it.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => signal.Cancel = true);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                process.Kill(entireProcessTree: true);
            });
            if (copy)
            {
                Task.WaitAll(CopyAsync(process.StandardOutput, output), CopyAsync(process.StandardError, error));
            }

            process.WaitForExit();
            return process.ExitCode;
        }
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (to)
            {
                to.Write(buffer, 0, read);
                to.Flush();
            }
        }
    }

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
