using System.Text.Json;

namespace EGov.Biometrics.Benchmarks.Tests;

/// <summary>
/// <c>bench console</c> end to end at toy size: a real egov-server, 50 streaming desks and Debian's Chromium on
/// the Situation Center. The figures must hang together: every desk streams, the page shows every desk and
/// counts them all online, each stopped desk reaches the page as Offline, and the CPU windows are real readings.
/// </summary>
public sealed class BenchConsoleTests
{
    private const int Desks = 50;

    [Fact(Timeout = 240_000)]
    public async Task A_small_run_streams_every_desk_and_times_the_page_and_the_server()
    {
        var r = await Task.Run(() => BenchRunner.RunJson("console", "--desks", $"{Desks}", "--centres", "5", "--seconds", "3", "--loads", "2", "--updates", "2", "--json"));

        Assert.Equal(Desks, r.GetProperty("desks").GetInt32());
        Assert.Equal(Desks, r.GetProperty("desks_connected").GetInt32());
        Assert.Empty(r.GetProperty("desk_failures").EnumerateArray());
        Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("cpu_model").GetString()));
        Assert.Equal(Environment.ProcessorCount, r.GetProperty("cores").GetInt32());

        // 50 desks fit on the first page (50 a page); the total counts all of them, online before any was stopped.
        Assert.Equal(Desks, r.GetProperty("rows_on_first_page").GetInt32());
        Assert.Equal(Desks, r.GetProperty("desks_shown").GetInt32());
        Assert.Equal(Desks, r.GetProperty("online_shown").GetInt32());

        var heartbeat = r.GetProperty("heartbeat_seconds").GetInt32();
        Assert.InRange(heartbeat, 1, 60);

        // Over 3 s each desk beats about 3/heartbeat times (jittered ±10 %, random phase): with a 20 s beat that is
        // 7.5 beats on average, binomially spread, so the floor is one; the ceiling catches beats sent too often.
        Assert.InRange(r.GetProperty("heartbeats_in_window").GetInt64(), 1, Desks * 3 * 2);
        var idle = r.GetProperty("server_cpu_pct_idle").GetDouble();
        var streaming = r.GetProperty("server_cpu_pct_heartbeats").GetDouble();
        Assert.InRange(idle, 0, 100 * Environment.ProcessorCount);
        Assert.InRange(streaming, 0, 100 * Environment.ProcessorCount);
        // Each figure is rounded to 0.01 on its own, so the difference of the rounded two may be 0.01 off.
        Assert.InRange(r.GetProperty("server_cpu_pct_difference").GetDouble() - (streaming - idle), -0.0101, 0.0101);

        AssertTimings(r.GetProperty("first_render_ms"), samples: 2, max: 60_000);
        AssertTimings(r.GetProperty("update_ms"), samples: 2, max: 30_000);

        var targets = r.GetProperty("targets");
        Assert.Equal(r.GetProperty("first_render_ms").GetProperty("median").GetDouble() < 1000, targets.GetProperty("first_render_pass").GetBoolean());
        Assert.Equal(r.GetProperty("update_ms").GetProperty("median").GetDouble() < 2000, targets.GetProperty("update_pass").GetBoolean());
    }

    [Fact]
    public void More_updates_than_desks_on_the_page_is_refused_before_anything_starts()
    {
        var (exit, _, error) = BenchRunner.Run("console", "--desks", "3", "--updates", "5");

        Assert.Equal(2, exit);
        Assert.Contains("--updates 5", error, StringComparison.Ordinal);
    }

    private static void AssertTimings(JsonElement timing, int samples, double max)
    {
        var values = timing.GetProperty("samples").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(samples, values.Length);
        Assert.All(values, v => Assert.InRange(v, 0.1, max));
        Assert.Equal(values.Max(), timing.GetProperty("max").GetDouble());
        Assert.InRange(timing.GetProperty("median").GetDouble(), values.Min(), values.Max());
    }
}
