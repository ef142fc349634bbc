using System.Net;
using System.Net.Sockets;

namespace EGov.Biometrics.Testing;

/// <summary>
/// Ports for the servers a test starts as child processes on loopback. Not the kernel's pick (a listener on port 0):
/// that comes from the ephemeral range, from which every outgoing connection of the machine also takes its source
/// port, so one could take the port between the test releasing it and the child binding it. These come from below
/// that range, and each is handed out once per test process.
/// </summary>
internal static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private static readonly (int First, int Count) Range = OutsideEphemeralRange();
    private static int s_next = Random.Shared.Next(Range.Count);

    /// <summary>A loopback port nothing listens on now and that no other caller in this process was given.</summary>
    public static int Next()
    {
        for (var tried = 0; tried < Range.Count; tried++)
        {
            var port = Range.First + (int)((uint)Interlocked.Increment(ref s_next) % (uint)Range.Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port in {Range.First}–{Range.First + Range.Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux names its ephemeral range in /proc; elsewhere (or unreadable) assume the IANA range, 49152–65535.
    private static (int First, int Count) OutsideEphemeralRange()
    {
        var (low, high) = (49_152, 65_535);
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            (low, high) = (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
        }

        return low - Lowest >= 1_000 ? (Lowest, low - Lowest) : (high + 1, 65_535 - high);
    }
}
