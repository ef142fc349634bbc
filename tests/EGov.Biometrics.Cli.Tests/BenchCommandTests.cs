using System.Runtime.Versioning;
using EGov.Biometrics.Cli.Commands;
using EGov.Biometrics.CommandLine;

namespace EGov.Biometrics.Cli.Tests;

/// <summary><c>egov-bio bench …</c> runs egov-bench: arguments unchanged, its output and exit code passed back.</summary>
[UnsupportedOSPlatform("windows")] // the stand-in egov-bench is a shell script
public sealed class BenchCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("egov-bench-");

    [Fact]
    public void Help_lists_bench_with_the_other_commands()
    {
        var (exit, output, _) = CliRunner.Run("--help");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "detect", "embed", "compare", "bench", "models", "audit", "verify" })
        {
            Assert.Contains($"  {command} ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bench_passes_its_arguments_on_unchanged_and_returns_the_exit_code_and_output()
    {
        // The layout build.sh publishes: artifacts/publish/egov-bio/egov-bio beside artifacts/publish/egov-bench/egov-bench.
        var egovBio = Directory.CreateDirectory(Path.Combine(_temp.FullName, "publish", "egov-bio")).FullName;
        FakeEgovBench(Path.Combine(_temp.FullName, "publish", "egov-bench"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = BenchCommand.Forward(["load", "--clients", "1", "16", "--help", "two words", ""], output, error, egovBio, searchPath: null);

        Assert.Equal(7, exit);
        Assert.Equal(["load", "--clients", "1", "16", "--help", "two words", ""], output.ToString().Split('\n')[..^1]);
        Assert.Equal("egov-bench on stderr\n", error.ToString());
    }

    [Fact]
    public void Egov_bench_is_found_beside_egov_bio_first_then_on_path()
    {
        var egovBio = Directory.CreateDirectory(Path.Combine(_temp.FullName, "egov-bio")).FullName;
        var onPath = FakeEgovBench(Path.Combine(_temp.FullName, "on-path"));
        var path = string.Join(Path.PathSeparator, Path.Combine(_temp.FullName, "nowhere"), Path.GetDirectoryName(onPath));

        Assert.Equal(onPath, BenchCommand.Locate(egovBio, path));
        Assert.Equal(FakeEgovBench(egovBio), BenchCommand.Locate(egovBio, path));

        // A file of that name that cannot run is not egov-bench.
        File.SetUnixFileMode(onPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Null(BenchCommand.Locate(Path.Combine(_temp.FullName, "elsewhere"), path));
    }

    [Fact]
    public void Without_egov_bench_bench_says_in_one_line_how_to_install_it_and_exits_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = CommandLineRunner.Run("egov-bio", output, error, config =>
            BenchCommand.Forward(["match"], config.Output, config.Error, _temp.FullName, searchPath: string.Empty));

        Assert.Equal(2, exit);
        Assert.Empty(output.ToString());
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("egov-bio: ", line, StringComparison.Ordinal);
        Assert.Contains("./bin/egov-bench", line, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Delete(recursive: true);

    // A stand-in egov-bench: prints each argument on its own line, one line on stderr, and exits 7.
    private static string FakeEgovBench(string folder)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "egov-bench");
        File.WriteAllText(file, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\necho 'egov-bench on stderr' >&2\nexit 7\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return file;
    }
}
