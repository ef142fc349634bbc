using System.Net;
using System.Net.Sockets;

namespace EGov.Biometrics.Benchmarks;

/// <summary>Loopback ports for the servers the benchmarks start.</summary>
internal static class Loopback
{
    /// <summary>A port free right now (the OS picks it); the server binds it a moment later.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
