using System.Globalization;
using EGov.Biometrics.Benchmarks.Load;
using Grpc.Net.Client;

namespace EGov.Biometrics.Benchmarks.SituationCenter;

/// <summary>
/// Thousands of simulated desks streaming to one server from this process, about
/// <see cref="StreamsPerConnection"/> to an HTTP/2 connection (Kestrel's default limit of concurrent streams).
/// </summary>
internal sealed class DeskFleet : IAsyncDisposable
{
    public const int StreamsPerConnection = 100;

    private readonly GrpcChannel[] _channels;
    private readonly List<SimulatedDesk> _desks;

    private DeskFleet(GrpcChannel[] channels, List<SimulatedDesk> desks)
    {
        _channels = channels;
        _desks = desks;
    }

    public IReadOnlyList<SimulatedDesk> Desks => _desks;

    /// <summary>The interval the server's Welcome asked for (every desk gets the same).</summary>
    public int HeartbeatSeconds { get; private set; }

    public long Heartbeats => _desks.Sum(d => d.Heartbeats);

    /// <summary>"desk-0001": the name of desk <paramref name="n"/> (from 1).</summary>
    public static string DeskName(int n) => $"desk-{n.ToString("D4", CultureInfo.InvariantCulture)}";

    /// <summary>"Centre 01": desks are dealt round the centres.</summary>
    public static string CentreOf(int n, int centres) => $"Centre {(((n - 1) % centres) + 1).ToString("D2", CultureInfo.InvariantCulture)}";

    /// <summary>Connects one desk per key (desk n holds <paramref name="keys"/>[n - 1]), a bounded number at a time, and waits until every one has its Welcome.</summary>
    public static async Task<DeskFleet> ConnectAsync(ServerProcess server, string dataDirectory, IReadOnlyList<string> keys, int centres)
    {
        var channels = Enumerable.Range(0, Math.Max(1, (keys.Count + StreamsPerConnection - 1) / StreamsPerConnection))
            .Select(_ => server.OpenChannel(dataDirectory)).ToArray();
        var desks = keys.Select((key, i) => new SimulatedDesk(DeskName(i + 1), CentreOf(i + 1, centres), key)).ToList();
        var fleet = new DeskFleet(channels, desks);
        try
        {
            var intervals = new int[desks.Count];

            // Agents come up over minutes in a real morning; 64 at a time keeps the connect burst from timing out.
            await Parallel.ForAsync(0, desks.Count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
                intervals[i] = await desks[i].ConnectAsync(new Contracts.V1.Desks.DesksClient(channels[i / StreamsPerConnection]), seed: i));
            fleet.HeartbeatSeconds = intervals.Length == 0 ? 0 : intervals.Max();
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Desks whose stream ended without being stopped, with why.</summary>
    public IReadOnlyList<string> Failures() => [.. _desks.Where(d => d.Failure is not null).Select(d => $"{d.Desk}: {d.Failure}")];

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_desks.Select(d => d.StopAsync()));
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
