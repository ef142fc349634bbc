using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;
using Google.Protobuf;
using Grpc.Core;
using OpenCvSharp;

namespace EGov.Biometrics.Server.Tests;

/// <summary>The desk stream at the protocol level: captures recorded once and identified, verification at a desk, the desk list.</summary>
public sealed class DeskStreamTests(RunningServer server) : IClassFixture<RunningServer>
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], ByteString[]> LivenessFramesOf = [];

    private const string Model = "faceplugin-arcface-r512";

    [Fact(Timeout = 120_000)]
    public async Task Captures_are_recorded_once_identified_and_verified_for_an_operator()
    {
        const string pinfl = "71111111111111";
        var (crop, template) = AlignedFace(sample: 6);
        var (strangerCrop, _) = AlignedFace(sample: 5);
        await new Enrollment.EnrollmentClient(server.Channel).EnrollAsync(
            new EnrollRequest { Pinfl = pinfl, Probes = { new Probe { Template = new Template { ModelId = Model, Vector = { template } } } } }, server.As("admin"));

        var desks = new Contracts.V1.Desks.DesksClient(server.Channel);
        await StillCameraAt(server, "desk-9");
        using var call = desks.Connect(await DeviceOf("desk-9"));
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = new AgentHello { DeskId = "desk-9", AgentVersion = "test", ModelId = Model } });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServerMessage.KindOneofCase.Welcome, call.ResponseStream.Current.KindCase);

        // A capture of the enrolled face, then the same capture again (a resend after a lost ack), then a stranger, then garbage.
        var first = await Send(call, Capture("k-1", crop));
        var resent = await Send(call, Capture("k-1", crop));
        var stranger = await Send(call, Capture("k-2", strangerCrop));
        var garbage = await Send(call, Capture("k-3", [1, 2, 3]));

        Assert.True(first.Identified);
        Assert.False(first.Duplicate);
        Assert.True(resent.Duplicate);
        Assert.Equal(first.DecisionId, resent.DecisionId);
        Assert.False(stranger.Identified);
        Assert.Contains("not a recognised image format", garbage.Error, StringComparison.Ordinal);

        // An operator verifies a claimed PINFL on the desk's next capture: the server asks the agent for it.
        var verification = desks.VerifyAtDeskAsync(new VerifyAtDeskRequest { DeskId = "desk-9", Pinfl = pinfl, TimeoutSeconds = 30 }, await OperatorOf("desk-9"));
        Assert.True(await call.ResponseStream.MoveNext());
        var command = call.ResponseStream.Current;
        Assert.Equal(ServerMessage.KindOneofCase.VerifyNext, command.KindCase);
        var answered = await Send(call, Capture("k-4", crop, command.VerifyNext.RequestId));
        var result = await verification;

        Assert.True(result.Match);
        Assert.Equal(0f, result.Similarity); // an operator gets the decision, not the score
        Assert.Equal(result.DecisionId, answered.DecisionId);

        await call.RequestStream.WriteAsync(new AgentMessage { Heartbeat = new Heartbeat { Fps = 12.5, QueueDepth = 3, CameraState = "streaming" } });
        var status = await WaitFor(desks, d => d.QueueDepth == 3);
        Assert.True(status.Online);
        Assert.Equal(3, status.Captures); // k-1, k-2 and k-4: the resend and the refused one are not recorded
        Assert.Equal("streaming", status.Camera);
        Assert.Equal(12.5, status.Fps);

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.False((await WaitFor(desks, d => !d.Online)).Online);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_crop_for_a_model_the_server_lacks_ends_the_stream_so_the_agent_keeps_it()
    {
        var desks = new Contracts.V1.Desks.DesksClient(server.Channel);
        using var call = desks.Connect(await DeviceOf("desk-10"));
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = new AgentHello { DeskId = "desk-10", ModelId = Model } });
        Assert.True(await call.ResponseStream.MoveNext());

        var capture = Capture("k-unknown-model", [1, 2, 3]);
        capture.Face.ModelId = "retired-model";
        await call.RequestStream.WriteAsync(new AgentMessage { Capture = capture });

        // Not a refusal in an ack (which would make the agent drop it): the stream ends, the agent resends later.
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("retired-model", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_bound_to_a_desk_cannot_verify_at_another()
    {
        var bound = await new Administration.AdministrationClient(server.Channel).CreateApiKeyAsync(new CreateApiKeyRequest { Role = "operator", Desk = "desk-20" }, server.As("admin"));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await new Contracts.V1.Desks.DesksClient(server.Channel).VerifyAtDeskAsync(
            new VerifyAtDeskRequest { DeskId = "desk-21", Pinfl = "71111111111113" }, new Metadata { { "x-api-key", bound.ApiKey } }));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("desk-20", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desk_rpcs_check_roles_and_a_missing_desk_is_a_failed_precondition()
    {
        var desks = new Contracts.V1.Desks.DesksClient(server.Channel);
        var asOperator = await Assert.ThrowsAsync<RpcException>(async () => await desks.ListDesksAsync(new ListDesksRequest(), server.As("operator")));
        Assert.Equal(StatusCode.PermissionDenied, asOperator.StatusCode);

        var absent = await Assert.ThrowsAsync<RpcException>(async () =>
            await desks.VerifyAtDeskAsync(new VerifyAtDeskRequest { DeskId = "nowhere", Pinfl = "71111111111112" }, server.As("supervisor")));
        Assert.Equal(StatusCode.FailedPrecondition, absent.StatusCode);
        Assert.Contains("nowhere", absent.Status.Detail, StringComparison.Ordinal);

        using var unbound = desks.Connect(server.As("device", "desk-x"));
        var takeover = await Assert.ThrowsAsync<RpcException>(async () => await unbound.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.PermissionDenied, takeover.StatusCode);
        Assert.Contains("bound to its desk", takeover.Status.Detail, StringComparison.Ordinal);

        using var wrongFirst = desks.Connect(await DeviceOf("desk-x"));
        await wrongFirst.RequestStream.WriteAsync(new AgentMessage { Heartbeat = new Heartbeat() });
        var error = await Assert.ThrowsAsync<RpcException>(async () => await wrongFirst.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("AgentHello", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_bound_to_a_desk_acts_as_that_desk_only()
    {
        var bound = await new Administration.AdministrationClient(server.Channel).CreateApiKeyAsync(new CreateApiKeyRequest { Role = "device", Desk = "desk-12" }, server.As("admin"));
        var desks = new Contracts.V1.Desks.DesksClient(server.Channel);

        // From another desk: refused before the stream opens.
        using var elsewhere = desks.Connect(new Metadata { { "x-api-key", bound.ApiKey }, { "x-desk-id", "desk-13" } });
        var denied = await Assert.ThrowsAsync<RpcException>(async () => await elsewhere.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("desk-12", denied.Status.Detail, StringComparison.Ordinal);

        // Without a desk header it acts as its own desk, and cannot announce itself as another.
        using var lying = desks.Connect(new Metadata { { "x-api-key", bound.ApiKey } });
        await lying.RequestStream.WriteAsync(new AgentMessage { Hello = new AgentHello { DeskId = "desk-13", ModelId = Model } });
        var mismatch = await Assert.ThrowsAsync<RpcException>(async () => await lying.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.InvalidArgument, mismatch.StatusCode);

        using var honest = desks.Connect(new Metadata { { "x-api-key", bound.ApiKey } });
        await honest.RequestStream.WriteAsync(new AgentMessage { Hello = new AgentHello { DeskId = "desk-12", ModelId = Model } });
        Assert.True(await honest.ResponseStream.MoveNext());
        Assert.Equal(ServerMessage.KindOneofCase.Welcome, honest.ResponseStream.Current.KindCase);
        await honest.RequestStream.CompleteAsync();
    }

    // A device key bound to the desk, as an installer creates it for the desk's agent.
    private Task<Metadata> DeviceOf(string desk) => KeyOf(server, "device", desk);

    // An operator key bound to the desk: verify-at-desk takes one.
    private Task<Metadata> OperatorOf(string desk) => KeyOf(server, "operator", desk);

    /// <summary>
    /// Turns the active check off at <paramref name="desk"/>, as an admin does for a fixed still camera: these tests replay
    /// still photos (no blink, no head turn) and are about something else (ActiveCheckAtDeskTests is about the check).
    /// </summary>
    internal static async Task StillCameraAt(RunningServer server, string desk) =>
        await new Administration.AdministrationClient(server.Channel).SetDeskPolicyAsync(new SetDeskPolicyRequest { Desk = desk, ActiveCheck = false }, server.As("admin"));

    /// <summary>A new key of <paramref name="role"/> bound to <paramref name="desk"/>, as call headers.</summary>
    internal static async Task<Metadata> KeyOf(RunningServer server, string role, string desk)
    {
        var key = await new Administration.AdministrationClient(server.Channel).CreateApiKeyAsync(new CreateApiKeyRequest { Role = role, Desk = desk }, server.As("admin"));
        return new Metadata { { "x-api-key", key.ApiKey }, { "x-desk-id", desk } };
    }

    [Fact(Timeout = 60_000)]
    public async Task A_device_revoked_with_its_stream_open_is_cut_off_at_its_next_capture_without_waiting_for_a_heartbeat()
    {
        var admin = new Administration.AdministrationClient(server.Channel);
        var device = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = "device", Desk = "desk-31" }, server.As("admin"));
        var (crop, _) = AlignedFace(sample: 5);
        using var call = new Contracts.V1.Desks.DesksClient(server.Channel).Connect(new Metadata { { "x-api-key", device.ApiKey } });
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = new AgentHello { DeskId = "desk-31", AgentVersion = "test", ModelId = Model } });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Empty((await Send(call, Capture("r-1", crop))).Error);

        Assert.True((await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = device.KeyId }, server.As("admin"))).Revoked);
        try
        {
            await call.RequestStream.WriteAsync(new AgentMessage { Capture = Capture("r-2", crop) });
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // The revoker may already have closed the stream (it does so at once): the capture cannot even be sent.
        }

        var cut = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unauthenticated, cut.StatusCode);
        Assert.Contains("revoked", cut.Status.Detail, StringComparison.Ordinal);
        using var connection = server.Data.Database.Open();
        using var recorded = connection.CreateCommand();
        recorded.CommandText = "SELECT COUNT(*) FROM desk_captures WHERE idempotency_key = 'r-2'";
        Assert.Equal(0L, recorded.ExecuteScalar());
    }

    /// <summary>A capture as an agent sends it; its liveness frames are those <see cref="AlignedFace"/> made with the crop (none for other bytes).</summary>
    internal static Capture Capture(string key, byte[] png, string requestId = "") => new()
    {
        IdempotencyKey = key,
        TrackId = 1,
        CapturedAt = DateTimeOffset.UtcNow.ToString("O"),
        Face = new AlignedFace { ModelId = Model, Image = ByteString.CopyFrom(png) },
        Quality = 0.9f,
        RequestId = requestId,
        LivenessFrames = { LivenessFramesOf.TryGetValue(png, out var frames) ? frames : [] },
    };

    internal static async Task<CaptureAck> Send(AsyncDuplexStreamingCall<AgentMessage, ServerMessage> call, Capture capture)
    {
        await call.RequestStream.WriteAsync(new AgentMessage { Capture = capture });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServerMessage.KindOneofCase.Ack, call.ResponseStream.Current.KindCase);
        Assert.Equal(capture.IdempotencyKey, call.ResponseStream.Current.Ack.IdempotencyKey);
        return call.ResponseStream.Current.Ack;
    }

    private async Task<DeskStatus> WaitFor(Contracts.V1.Desks.DesksClient desks, Func<DeskStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30); // a bound on a hang, not a measure: the condition ends it
        while (true)
        {
            var desk = (await desks.ListDesksAsync(new ListDesksRequest(), server.As("supervisor"))).Desks.Single(d => d.Desk == "desk-9");
            if (condition(desk) || DateTime.UtcNow > deadline)
            {
                return desk;
            }

            await Task.Delay(50);
        }
    }

    // The largest face of a test photo aligned as an edge agent sends it (PNG), and its embedding; the context crops the
    // agent would send with it for the server's liveness check (a still camera: the same crop thrice) are kept for Capture.
    internal static (byte[] Png, float[] Template) AlignedFace(int sample)
    {
        var store = ModelStore.Discover();
        using var catalog = new ModelCatalog(store);
        var pipeline = FacePipeline.Create(catalog);
        using var photo = ImageDecoder.DecodeFile(store.AssetPath($"sample{sample}"));
        var faces = pipeline.Analyze(photo.Bgr, new AnalysisOptions { Quality = false, Liveness = false, MaxFaces = 1 });
        using var face = faces[0];
        var png = face.Aligned.Image.ImEncode(".png");
        using var context = LivenessContext.Crop(photo.Bgr, face.Detection.Box);
        var frame = ByteString.CopyFrom(context.ImEncode(".png"));
        LivenessFramesOf.AddOrUpdate(png, [frame, frame, frame]);
        return (png, face.Embedding!.Vector);
    }
}
