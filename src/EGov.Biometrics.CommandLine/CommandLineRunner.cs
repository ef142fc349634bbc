using System.CommandLine;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.CommandLine;

/// <summary>
/// How egov-bio and egov-bench run a command line: output goes to the given writers (so tests run them
/// in-process), and a failure the user can act on prints one line, "program: reason", and exits 2.
/// </summary>
public static class CommandLineRunner
{
    public static int Run(string program, RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null) =>
        Run(program, output, error, config => root.Parse(args).Invoke(config));

    /// <summary>Runs <paramref name="invoke"/> with the writers set; exceptions that are not user errors pass through.</summary>
    public static int Run(string program, TextWriter? output, TextWriter? error, Func<InvocationConfiguration, int> invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        var config = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        try
        {
            return invoke(config);
        }
        catch (Exception e) when (e is InvalidImageException or CommandException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            config.Error.WriteLine($"{program}: {e.Message}");
            return 2;
        }
    }
}
