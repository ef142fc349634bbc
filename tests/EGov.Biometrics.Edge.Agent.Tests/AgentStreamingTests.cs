using EGov.Biometrics.Contracts.Client;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Vision.Pipeline;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;
using OpenCvSharp;

namespace EGov.Biometrics.Edge.Agent.Tests;

/// <summary>
/// egov-edge end to end against a real egov-server: footage of a desk where two enrolled citizens and a
/// stranger sit down in turn, from an image folder and from a video file; a server outage in the middle
/// of a stream; a source that disappears and comes back.
/// </summary>
[Collection(EdgeVisionCollection.Name)]
public sealed class AgentStreamingTests(EdgeVisionFixture vision, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Alice = "31111111111111";
    private const string Bob = "32222222222222";
    private readonly DeskServer _server = new();
    private readonly DirectoryInfo _footage = Directory.CreateTempSubdirectory("egov-footage-");

    private Mat AlicePatch => vision.Person(6, 0);

    private Mat BobPatch => vision.Person(5, 0);

    private Mat StrangerPatch => vision.Person(4, 0);

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        using var channel = ServerChannel.Open(_server.Address, ServerChannel.LoadPem(_server.Certificate));
        var enrollment = new Enrollment.EnrollmentClient(channel);
        foreach (var (pinfl, patch) in new[] { (Alice, AlicePatch), (Bob, BobPatch) })
        {
            using var frame = DeskScene.Frame((patch, 0, 0));
            var faces = vision.Pipeline.Analyze(frame, new AnalysisOptions { Quality = false, Liveness = false, MaxFaces = 1 });
            using var face = faces[0];
            await enrollment.EnrollAsync(
                new EnrollRequest { Pinfl = pinfl, Probes = { new Probe { Template = new Template { ModelId = face.Embedding!.ModelId, Vector = { face.Embedding.Vector } } } } },
                new Metadata { { "x-api-key", _server.AdminKey } });
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task An_image_folder_yields_one_capture_per_visitor_and_identifies_the_enrolled_ones()
    {
        var folder = Path.Combine(_footage.FullName, "frames");
        DeskFootage.Visits([AlicePatch, BobPatch, StrangerPatch], frames: 15, gap: 4).WriteFolder(folder);

        await _server.StillCameraAt("desk-folder");

        using var agent = new AgentRun(_server, folder, "desk-folder", _server.CreateKey("device", "desk-folder"), "--once", "--frame-rate", "10");
        await agent.RunToCompletionAsync(TimeSpan.FromSeconds(120));

        AssertDelivered(agent, "desk-folder", expectedVisitors: 3);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_video_file_yields_the_same_captures()
    {
        var video = Path.Combine(_footage.FullName, "desk.avi");
        DeskFootage.Visits([AlicePatch, BobPatch, StrangerPatch], frames: 15, gap: 4).WriteVideo(video, fps: 10);

        await _server.StillCameraAt("desk-video");

        using var agent = new AgentRun(_server, video, "desk-video", _server.CreateKey("device", "desk-video"), "--once");
        await agent.RunToCompletionAsync(TimeSpan.FromSeconds(120));

        AssertDelivered(agent, "desk-video", expectedVisitors: 3);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_30_second_server_outage_mid_stream_loses_no_capture_and_records_none_twice()
    {
        // About 50 s of footage at 5 frames a second: eight visits, so captures keep coming during the outage.
        var folder = Path.Combine(_footage.FullName, "long");
        DeskFootage.Visits([AlicePatch, BobPatch, StrangerPatch, AlicePatch, BobPatch, StrangerPatch, AlicePatch, BobPatch], frames: 25, gap: 6).WriteFolder(folder);

        await _server.StillCameraAt("desk-outage");

        using var agent = new AgentRun(_server, folder, "desk-outage", _server.CreateKey("device", "desk-outage"), "--once", "--frame-rate", "5");
        var run = agent.RunToCompletionAsync(TimeSpan.FromSeconds(240));
        await WaitUntil(() => agent.Status.Acknowledged >= 1, TimeSpan.FromSeconds(60));

        await _server.StopAsync();
        var outage = DateTime.UtcNow;
        var maxQueued = 0;
        while (DateTime.UtcNow - outage < TimeSpan.FromSeconds(30))
        {
            maxQueued = Math.Max(maxQueued, agent.Queue.Depth);
            await Task.Delay(250);
        }

        var acknowledgedBefore = agent.Status.Acknowledged;
        await _server.StartAsync();
        await run;

        output.WriteLine($"outage: {acknowledgedBefore} captures acknowledged before it ended, up to {maxQueued} waiting on disk during it, {agent.Status.Captures} made in all, {agent.Status.Frames} frames");
        Assert.True(maxQueued >= 2, $"captures should have waited on disk during the outage (at most {maxQueued} did)");
        Assert.True(agent.Status.Acknowledged > acknowledgedBefore);
        AssertDelivered(agent, "desk-outage", expectedVisitors: 8, visitSeconds: 25 / 5.0);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_source_that_disappears_is_reported_and_reopened()
    {
        var folder = Path.Combine(_footage.FullName, "flaky");
        DeskFootage.Visits([AlicePatch], frames: 10, gap: 2).WriteFolder(folder);
        using var agent = new AgentRun(_server, folder, "desk-flaky", _server.CreateKey("device", "desk-flaky"), "--loop", "--frame-rate", "10");
        await agent.Host.StartAsync();
        using var channel = ServerChannel.Open(_server.Address, ServerChannel.LoadPem(_server.Certificate));
        var desks = new Contracts.V1.Desks.DesksClient(channel);
        var supervisor = new Metadata { { "x-api-key", _server.CreateKey("supervisor") } };

        await WaitForDesk(desks, supervisor, d => d.Camera == "streaming");
        var moved = folder + ".away";
        Directory.Move(folder, moved);
        var gone = await WaitForDesk(desks, supervisor, d => d.Camera == "reconnecting");
        Directory.Move(moved, folder);
        var framesBack = agent.Status.Frames;
        await WaitForDesk(desks, supervisor, d => d.Camera == "streaming");
        await WaitUntil(() => agent.Status.Frames > framesBack + 5, TimeSpan.FromSeconds(30));

        await agent.Host.StopAsync();
        Assert.Contains("flaky", gone.CameraError, StringComparison.Ordinal);
        Assert.True(gone.Online);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _footage.Delete(recursive: true);
    }

    // Everything the agent made reached the server exactly once, and the enrolled visitors were recognised.
    // At most one capture per visitor per 2 s best-shot window, plus the one sent when the track ends.
    private void AssertDelivered(AgentRun agent, string desk, int expectedVisitors, double visitSeconds = 2)
    {
        var captures = agent.Status.Captures;
        output.WriteLine($"{desk}: {agent.Status.Frames} frames, {captures} captures, {agent.Status.Acknowledged} acknowledged, {agent.Status.Identified} identified, {agent.Status.FramesSkipped} frames skipped");
        Assert.Equal(0, agent.Queue.Depth);
        Assert.InRange(captures, expectedVisitors, expectedVisitors * ((int)Math.Ceiling(visitSeconds / 2) + 1));
        Assert.Equal(0, agent.Status.Refused);

        var recorded = _server.Query($"SELECT COUNT(*), COUNT(DISTINCT decision_seq) FROM desk_captures WHERE desk = '{desk}'").Single();
        Assert.Equal(captures, (long)recorded[0]);
        Assert.Equal(captures, (long)recorded[1]);
        var decisions = _server.Query($"SELECT subject, decision FROM audit WHERE desk = '{desk}' AND action = 'identify'");
        Assert.Equal(captures, decisions.Count);
        var identified = decisions.Where(d => (string)d[1] == "candidates").Select(d => (string)d[0]).ToHashSet();
        Assert.Equal([Alice, Bob], identified.Order());
        Assert.Contains(decisions, d => (string)d[1] == "no-candidate");
        Assert.True(_server.AuditIntact());
    }

    private static async Task<DeskStatus> WaitForDesk(Contracts.V1.Desks.DesksClient desks, Metadata supervisor, Func<DeskStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var desk = (await desks.ListDesksAsync(new ListDesksRequest(), supervisor)).Desks.FirstOrDefault(d => d.Desk == "desk-flaky");
            if (desk is not null && condition(desk))
            {
                return desk;
            }

            Assert.True(DateTime.UtcNow < deadline, $"desk-flaky never reached the expected state (last: {desk})");
            await Task.Delay(200);
        }
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(100);
        }
    }
}
