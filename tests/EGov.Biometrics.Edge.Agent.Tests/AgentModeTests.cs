using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Service.Situation;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Edge.Agent.Tests;

/// <summary>
/// egov-edge's two modes against a real egov-server: at a desk, every visitor's visit reaches the Situation
/// Center beside the captures; in a hall, only counts and waiting times do, and not one capture.
/// </summary>
[Collection(EdgeVisionCollection.Name)]
public sealed class AgentModeTests(EdgeVisionFixture vision) : IAsyncLifetime
{
    private readonly DeskServer _server = new();
    private readonly DirectoryInfo _footage = Directory.CreateTempSubdirectory("egov-footage-");

    public Task InitializeAsync() => _server.StartAsync();

    [Fact(Timeout = 180_000)]
    public async Task At_a_desk_each_visitor_ends_a_visit_on_the_server()
    {
        var folder = Path.Combine(_footage.FullName, "desk");
        DeskFootage.Visits([vision.Person(6, 0), vision.Person(5, 0)], frames: 15, gap: 4).WriteFolder(folder);

        using var agent = new AgentRun(_server, folder, "desk-visits", _server.CreateKey("device", "desk-visits"), "--once", "--frame-rate", "10", "--centre", "Chilonzor");
        await agent.RunToCompletionAsync(TimeSpan.FromSeconds(120));

        var figures = _server.Services.GetRequiredService<DeskActivity>().Of("desk-visits");
        Assert.Equal(2, figures.Visits);
        Assert.True(agent.Status.Captures >= 2);
        var situation = _server.Services.GetRequiredService<SituationQuery>().Snapshot(Watcher);
        Assert.Equal("desk-visits", Assert.Single(Assert.Single(situation.Centres, c => c.Centre == "Chilonzor").Desks).Desk);
    }

    [Fact(Timeout = 180_000)]
    public async Task In_a_hall_no_capture_is_sent_only_counts_and_waiting_times()
    {
        var folder = Path.Combine(_footage.FullName, "hall");
        DeskFootage.Visits([vision.Person(6, 0), vision.Person(5, 0)], frames: 15, gap: 4).WriteFolder(folder);

        using var agent = new AgentRun(_server, folder, "hall-1", _server.CreateKey("device", "hall-1"), "--once", "--frame-rate", "10", "--mode", "hall", "--centre", "Chilonzor");
        await agent.RunToCompletionAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(0, agent.Status.Captures);
        Assert.Equal(0L, (long)_server.Query("SELECT COUNT(*) FROM desk_captures").Single()[0]);
        var figures = _server.Services.GetRequiredService<DeskActivity>().Of("hall-1");
        Assert.Equal(0, figures.Visits);
        Assert.InRange(figures.WaitingTime!.Median, 0.5, 3);
        var hall = Assert.Single(Assert.Single(_server.Services.GetRequiredService<SituationQuery>().Snapshot(Watcher).Centres).Halls);
        Assert.Equal("hall-1", hall.Desk);
    }

    [Fact]
    public void An_unknown_mode_is_refused_naming_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => AgentHost.Build(["--source", "0", "--desk", "d", "--api-key", "k", "--mode", "kiosk"]));

        Assert.Contains("'desk' or 'hall'", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        _footage.Delete(recursive: true);
    }
}
