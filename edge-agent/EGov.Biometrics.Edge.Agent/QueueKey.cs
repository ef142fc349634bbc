using System.Security.Cryptography;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>
/// The key that encrypts queued captures: from the settings or <c>EGOV_EDGE_QUEUE_KEY</c> (base64, 32 bytes),
/// else generated once into the agent's data folder, readable by its owner only. Production devices should
/// inject it (systemd credentials, a TPM-sealed secret) so a stolen disk holds nothing readable.
/// </summary>
internal static class QueueKey
{
    public const string EnvironmentVariable = "EGOV_EDGE_QUEUE_KEY";

    public static byte[] Load(AgentOptions options)
    {
        var given = options.QueueKey ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(given))
        {
            var key = Convert.FromBase64String(given);
            return key.Length == 32 ? key : throw new ArgumentException($"The queue key must be 32 bytes (base64), got {key.Length}.");
        }

        var file = Path.Combine(options.DataDirectory, "queue.key");
        if (File.Exists(file))
        {
            return Convert.FromBase64String(File.ReadAllText(file).Trim());
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(file, create))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(fresh));
        }

        return fresh;
    }
}
