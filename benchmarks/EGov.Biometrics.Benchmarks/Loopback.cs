using System.Net;
using System.Net.Sockets;

namespace EGov.Biometrics.Benchmarks;

/// <summary>Loopback ports for the servers the benchmarks start.</summary>
public static class Loopback
{
    /// <summary>A port free right now (the OS picks it); the server binds it a moment later.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether something accepts connections on the port now.</summary>
    public static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
