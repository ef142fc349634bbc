using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EGov.Biometrics.Testing;

/// <summary>
/// Ports a test names before a server binds them: child processes, in-process servers that must know their address
/// first, a port meant to stay closed. Not the kernel's pick (a listener on port 0): that comes from the ephemeral
/// range, from which every outgoing connection on the machine also takes its source port, so one could take the port
/// between the test releasing it and the server binding it. These come from outside that range, each handed out once
/// per test process, and each free on loopback when handed out.
/// </summary>
internal static class LoopbackPorts
{
    private static readonly (int First, int Count) Window = ReadWindow();
    private static int _next = Random.Shared.Next(Math.Max(Window.Count, 1));

    /// <summary>A port nothing listens on now (on 127.0.0.1) and that no other caller in this process was given.</summary>
    public static int Next()
    {
        if (Window.Count == 0)
        {
            return KernelPick(); // no room outside the ephemeral range: the old way, with its small race
        }

        for (var tried = 0; tried < Window.Count; tried++)
        {
            var port = Window.First + (int)((uint)Interlocked.Increment(ref _next) % (uint)Window.Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port in {Window.First}–{Window.First + Window.Count - 1}.");
    }

    /// <summary>
    /// Where to draw ports given the ephemeral range [<paramref name="low"/>, <paramref name="high"/>]: below it from
    /// 10,000 (or from 1,024 when it starts lower), else above it; at least 1,000 ports, else none (Count 0).
    /// </summary>
    internal static (int First, int Count) Choose(int low, int high)
    {
        const int Enough = 1_000;
        foreach (var (first, end) in new[] { (10_000, low), (high + 1, 65_536), (1_024, low) })
        {
            if (end - first >= Enough)
            {
                return (first, end - first);
            }
        }

        return (0, 0);
    }

    // Linux names its ephemeral range in /proc; elsewhere (or unreadable) assume the IANA range, 49152–65535.
    private static (int First, int Count) ReadWindow()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return Choose(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Choose(49_152, 65_535);
        }
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

    private static int KernelPick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
