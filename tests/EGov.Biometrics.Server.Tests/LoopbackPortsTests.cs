using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EGov.Biometrics.Server.Tests;

/// <summary>The ports child servers are started on: never from the range outgoing connections draw from, never twice.</summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void Ports_handed_out_at_once_are_distinct_free_and_outside_the_ephemeral_range()
    {
        var ports = new int[200];
        Parallel.For(0, ports.Length, i => ports[i] = LoopbackPorts.Next());

        Assert.Equal(ports.Length, ports.Distinct().Count());
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Assert.All(ports, p => Assert.True(p < range[0] || p > range[1], $"{p} lies in the ephemeral range {range[0]}–{range[1]}"));

        // Each is free: a listener binds it (nothing else on this machine draws from below the ephemeral range).
        var listeners = ports.Select(p => new TcpListener(IPAddress.Loopback, p)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
