using System.CommandLine;
using EGov.Biometrics.Cli.Commands;

namespace EGov.Biometrics.Cli;

/// <summary>The egov-bio command tree. Output goes to the given writers, so tests run it in-process.</summary>
public static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("egov-bio: EGov.Biometrics face pipeline, matching, service client and benchmarks.")
        {
            DetectCommand.Create(),
            PortraitCommand.Create(),
            EmbedCommand.Create(),
            CompareCommand.Create(),
            BenchCommand.Create(),
            ModelsCommand.Create(),
            AuditCommand.Create(),
            Commands.Import.ImportCommand.Create(),
        };
        foreach (var command in Commands.Client.ClientCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Runs one command line; user errors print one line on <paramref name="error"/> and return 2, failed calls to the server 3.</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        try
        {
            // Everything after 'bench' belongs to egov-bench, --help included, so it is passed on unparsed.
            return CommandLineRunner.Run("egov-bio", output, error, config => args is [BenchCommand.Name, .. var rest]
                ? BenchCommand.Forward(rest, config.Output, config.Error)
                : Build().Parse(args).Invoke(config));
        }
        catch (Grpc.Core.RpcException e)
        {
            (error ?? Console.Error).WriteLine($"egov-bio: {e.StatusCode}: {e.Status.Detail}");
            return 3;
        }
    }
}
