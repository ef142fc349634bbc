using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EGov.Biometrics.Server.Tests;

/// <summary>The ports child servers are started on: never from the range outgoing connections draw from, never twice.</summary>
public sealed class LoopbackPortsTests
{
    [Theory]
    [InlineData(32_768, 60_999, 10_000, 22_768)] // Linux's default: below it
    [InlineData(49_152, 65_535, 10_000, 39_152)] // IANA's
    [InlineData(10_500, 65_000, 1_024, 9_476)] // starts low, nothing above: from 1,024
    [InlineData(1_024, 60_000, 60_001, 5_535)] // starts at 1,024: above it
    [InlineData(1_024, 65_535, 0, 0)] // everything ephemeral: none (the caller falls back to the kernel's pick)
    public void The_window_lies_outside_the_ephemeral_range(int low, int high, int first, int count)
    {
        Assert.Equal((first, count), LoopbackPorts.Choose(low, high));
    }

    [Fact]
    public void Ports_handed_out_at_once_are_distinct_free_and_outside_the_ephemeral_range()
    {
        var ports = new int[200];
        Parallel.For(0, ports.Length, i => ports[i] = LoopbackPorts.Next());

        Assert.Equal(ports.Length, ports.Distinct().Count());
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Assert.All(ports, p => Assert.True(p < range[0] || p > range[1], $"{p} lies in the ephemeral range {range[0]}–{range[1]}"));

        // Each is free: a listener binds it now.
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
