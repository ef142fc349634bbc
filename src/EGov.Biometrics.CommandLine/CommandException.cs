namespace EGov.Biometrics.CommandLine;

/// <summary>A failure the user can act on: printed as one line, exit code 2.</summary>
public sealed class CommandException(string message) : Exception(message)
{
    public CommandException()
        : this("The command failed.")
    {
    }

    public CommandException(string message, Exception innerException)
        : this(message + " " + innerException.Message)
    {
    }
}
