using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Service.Situation;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Server.Tests;

/// <summary>An agent in hall mode over the real stream: the Situation Center shows a hall with its waiting count, and ListDesks its centre and mode.</summary>
public sealed class SituationTests(RunningServer server) : IClassFixture<RunningServer>
{
    private static readonly Service.Access.Caller Watcher = new("test:supervisor", Service.Access.Roles.Supervisor, string.Empty);

    [Fact(Timeout = 60_000)]
    public async Task An_agent_in_hall_mode_shows_up_as_a_hall_with_its_waiting_count()
    {
        var key = await new Administration.AdministrationClient(server.Channel).CreateApiKeyAsync(new CreateApiKeyRequest { Role = "device", Desk = "hall-7" }, server.As("admin"));
        var desks = new Contracts.V1.Desks.DesksClient(server.Channel);
        using var call = desks.Connect(new Metadata { { "x-api-key", key.ApiKey }, { "x-desk-id", "hall-7" } });
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = new AgentHello { DeskId = "hall-7", AgentVersion = "test", Centre = "Mirobod", Mode = "hall" } });
        Assert.True(await call.ResponseStream.MoveNext());

        await call.RequestStream.WriteAsync(new AgentMessage { Heartbeat = new Heartbeat { Fps = 8, CameraState = "streaming" } });
        await call.RequestStream.WriteAsync(new AgentMessage { HallReport = new HallReport { Waiting = 12, DwellSeconds = { 300, 600 } } });

        var situation = server.Services.GetRequiredService<SituationQuery>();
        HallSituation? hall = null;
        var deadline = DateTime.UtcNow.AddSeconds(30); // a bound on a hang, not a measure: the report ends it
        while (hall?.WaitingNow != 12 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            hall = situation.Snapshot(Watcher).Centres.SingleOrDefault(c => c.Centre == "Mirobod")?.Halls.SingleOrDefault();
        }

        Assert.NotNull(hall);
        Assert.Equal(("hall-7", true, 12), (hall.Desk, hall.Online, hall.WaitingNow));
        Assert.InRange(hall.WaitingTime!.P95, 570, 630);
        Assert.DoesNotContain(situation.Snapshot(Watcher).Centres.SelectMany(c => c.Desks), d => d.Desk == "hall-7");
        var listed = (await desks.ListDesksAsync(new ListDesksRequest(), server.As("supervisor"))).Desks.Single(d => d.Desk == "hall-7");
        Assert.Equal(("Mirobod", "hall"), (listed.Centre, listed.Mode));
    }
}
