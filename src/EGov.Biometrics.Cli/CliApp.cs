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
            EmbedCommand.Create(),
            CompareCommand.Create(),
            ModelsCommand.Create(),
            AuditCommand.Create(),
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
            return CommandLineRunner.Run("egov-bio", Build(), args, output, error);
        }
        catch (Grpc.Core.RpcException e)
        {
            (error ?? Console.Error).WriteLine($"egov-bio: {e.StatusCode}: {e.Status.Detail}");
            return 3;
        }
    }
}
