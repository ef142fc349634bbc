using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Service.Liveness;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;
using Google.Protobuf;
using Grpc.Core;
using OpenCvSharp;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// The active check per desk with the real models, over gRPC: a still photo's frames are refused as
/// active-check-failed at a desk with the check on, while frames in which the same person's head is turned (two real
/// photos of one person) pass; the policy is the admin's to set, per desk, and the desk list shows it.
/// </summary>
public sealed class ActiveCheckAtDeskTests(RunningServer server, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<RunningServer>
{
    private const string Model = "faceplugin-arcface-r512";
    private const string Pinfl = "52234567890123";

    // One person in two photos (cosine 0.43 between them with the default embedder, above its default threshold):
    // the third-largest face of sample4 looks to one side (yaw about -30 degrees), the second-largest face of sample1
    // to the other (about +14), eyes down. A still photo of either shows no turn; the two together show one.
    private static readonly (int Sample, int Face) Ahead = (4, 2);
    private static readonly (int Sample, int Face) Turned = (1, 1);

    [Fact]
    public void The_server_reads_pose_and_the_same_face_from_real_frames()
    {
        using var catalog = new ModelCatalog(ModelStore.Discover());
        var pipeline = FacePipeline.Create(catalog);
        var reader = new PipelineFrameSignalReader(pipeline, catalog, ImageLimits.Default, ActiveCheckPolicy.Default);
        var person = DeskFace.Of(pipeline, Ahead);
        var stranger = DeskFace.Of(pipeline, (5, 0));

        IReadOnlyList<byte[]> frames = [person.Frame, DeskFace.Of(pipeline, Turned).Frame, stranger.Frame];
        reader.Read(frames, person.Template); // warm-up: the first call opens the models
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var signals = reader.Read(frames, person.Template);
        var perFrameMs = clock.Elapsed.TotalMilliseconds / frames.Count;
        var turn = ActiveCheckPolicy.Default.Judge(signals);
        var still = ActiveCheckPolicy.Default.Judge(reader.Read([person.Frame, person.Frame, person.Frame], person.Template));

        output.WriteLine($"{perFrameMs:F0} ms per frame; turn: {turn.Detail}; still: {still.Detail}; yaw {string.Join(", ", signals.Select(f => f.Pose?.Yaw.ToString("F1") ?? "-"))}");
        Assert.True(signals[0].SameFace && signals[1].SameFace, "the two photos of one person are the decision's face");
        Assert.False(signals[2].SameFace, "a stranger is not");
        Assert.True(turn.Passed, turn.Detail);
        Assert.True(turn.YawSpan >= 30, turn.Detail);
        Assert.False(still.Passed, still.Detail);
        Assert.True(still.YawSpan < 1, still.Detail);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_still_photo_is_refused_at_a_desk_with_the_check_on_and_a_head_turn_of_the_same_person_passes()
    {
        using var catalog = new ModelCatalog(ModelStore.Discover());
        var pipeline = FacePipeline.Create(catalog);
        var person = DeskFace.Of(pipeline, Ahead);
        var turned = DeskFace.Of(pipeline, Turned);
        await new Enrollment.EnrollmentClient(server.Channel).EnrollAsync(
            new EnrollRequest { Pinfl = Pinfl, Probes = { new Probe { Template = new Template { ModelId = Model, Vector = { person.Template.Vector } } } }, DuplicatePolicy = DuplicatePolicy.Flag },
            server.As("admin"));
        var (device, operatorKey) = await DeskWithOperatorAsync("desk-60");
        using var call = new Contracts.V1.Desks.DesksClient(server.Channel).Connect(device);
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = new AgentHello { DeskId = "desk-60", AgentVersion = "test", ModelId = Model } });
        Assert.True(await call.ResponseStream.MoveNext());

        // The agent claims a perfect liveness and quality for the still photo: the server reads the frames itself.
        var still = await VerifyAtDeskAsync(call, operatorKey, "still-1", person.Png, [person.Frame, person.Frame, person.Frame]);
        var turn = await VerifyAtDeskAsync(call, operatorKey, "turn-1", person.Png, [person.Frame, turned.Frame, person.Frame]);

        Assert.True(still.ActiveCheckFailed);
        Assert.False(still.LivenessFailed);
        Assert.False(still.Match);
        Assert.False(turn.ActiveCheckFailed);
        Assert.True(turn.Match);
        await call.RequestStream.CompleteAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Only_an_admin_sets_a_desks_policy_and_the_desk_list_shows_it()
    {
        var admin = new Administration.AdministrationClient(server.Channel);
        foreach (var role in new[] { "operator", "supervisor", "auditor", "enroller", "device" })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () => await admin.SetDeskPolicyAsync(new SetDeskPolicyRequest { Desk = "desk-61", ActiveCheck = false }, server.As(role)));
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }

        var badDesk = await Assert.ThrowsAsync<RpcException>(async () => await admin.SetDeskPolicyAsync(new SetDeskPolicyRequest { Desk = "desk\n61" }, server.As("admin")));
        var set = await admin.SetDeskPolicyAsync(new SetDeskPolicyRequest { Desk = "desk-61", ActiveCheck = false }, server.As("admin"));
        var desks = (await new Contracts.V1.Desks.DesksClient(server.Channel).ListDesksAsync(new ListDesksRequest(), server.As("supervisor"))).Desks;

        Assert.Equal(StatusCode.InvalidArgument, badDesk.StatusCode);
        Assert.Equal(("desk-61", false), (set.Desk, set.ActiveCheck));
        Assert.False(desks.Single(d => d.Desk == "desk-61").ActiveCheck);
    }

    private async Task<VerifyResponse> VerifyAtDeskAsync(AsyncDuplexStreamingCall<AgentMessage, ServerMessage> call, Metadata operatorKey, string key, byte[] png, IEnumerable<byte[]> frames)
    {
        var verifying = new Contracts.V1.Desks.DesksClient(server.Channel).VerifyAtDeskAsync(new VerifyAtDeskRequest { DeskId = "desk-60", Pinfl = Pinfl, TimeoutSeconds = 60 }, operatorKey);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServerMessage.KindOneofCase.VerifyNext, call.ResponseStream.Current.KindCase);
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Capture = new Capture
            {
                IdempotencyKey = key,
                TrackId = 1,
                CapturedAt = DateTimeOffset.UtcNow.ToString("O"),
                Face = new AlignedFace { ModelId = Model, Image = ByteString.CopyFrom(png) },
                Quality = 99,
                Liveness = 99,
                RequestId = call.ResponseStream.Current.VerifyNext.RequestId,
                LivenessFrames = { frames.Select(ByteString.CopyFrom) },
            },
        });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Empty(call.ResponseStream.Current.Ack.Error);
        return await verifying;
    }

    private async Task<(Metadata Device, Metadata Operator)> DeskWithOperatorAsync(string desk)
    {
        var admin = new Administration.AdministrationClient(server.Channel);
        var device = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = "device", Desk = desk }, server.As("admin"));
        var op = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = "operator", Desk = desk }, server.As("admin"));
        return (new Metadata { { "x-api-key", device.ApiKey }, { "x-desk-id", desk } }, new Metadata { { "x-api-key", op.ApiKey }, { "x-desk-id", desk } });
    }

    /// <summary>One face of a sample photo as a desk agent sends it: the aligned crop (PNG), its template, and its context crop as a liveness frame.</summary>
    private sealed record DeskFace(byte[] Png, FaceTemplate Template, byte[] Frame)
    {
        /// <summary>The <paramref name="at"/>.Face-th largest face (0-based) of sample <paramref name="at"/>.Sample.</summary>
        public static DeskFace Of(FacePipeline pipeline, (int Sample, int Face) at)
        {
            using var photo = ImageDecoder.DecodeFile(ModelStore.Discover().AssetPath($"sample{at.Sample}"));
            var faces = pipeline.Analyze(photo.Bgr, new AnalysisOptions { Quality = false, Liveness = false });
            try
            {
                var face = faces[at.Face];
                using var context = LivenessContext.Crop(photo.Bgr, face.Detection.Box);
                return new DeskFace(face.Aligned.Image.ImEncode(".png"), new FaceTemplate(face.Embedding!.Vector, face.Embedding.ModelId), context.ImEncode(".png"));
            }
            finally
            {
                foreach (var face in faces)
                {
                    face.Dispose();
                }
            }
        }
    }
}
