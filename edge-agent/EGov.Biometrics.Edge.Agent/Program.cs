using EGov.Biometrics.Edge.Agent;

try
{
    using var host = AgentHost.Build(args);
    await host.RunAsync();
    return Environment.ExitCode;
}
catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException or System.Security.Cryptography.CryptographicException)
{
    // Bad settings: one line naming the problem, exit code 2 (as egov-bio does).
    await Console.Error.WriteLineAsync($"egov-edge: {e.Message}");
    return 2;
}
