using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using OpenCvSharp;

namespace EGov.Biometrics.Server.Tests;

public sealed class ServerTests(RunningServer server) : IClassFixture<RunningServer>
{
    private const string Alice = "31234567890123";
    private const string Model = "faceplugin-arcface-r512";

    [Fact]
    public async Task A_call_without_a_key_is_unauthenticated_and_health_needs_none()
    {
        var client = new Verification.VerificationClient(server.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.VerifyAsync(new VerifyRequest { Pinfl = Alice }));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("x-api-key", error.Status.Detail, StringComparison.Ordinal);

        var wrongKey = await Assert.ThrowsAsync<RpcException>(async () => await client.VerifyAsync(new VerifyRequest { Pinfl = Alice }, new Metadata { { "x-api-key", "egov_000000000000_nope" } }));
        Assert.Equal(StatusCode.Unauthenticated, wrongKey.StatusCode);

        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task A_role_outside_the_rpc_policy_is_denied()
    {
        var identify = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Verification.VerificationClient(server.Channel).IdentifyAsync(new IdentifyRequest { K = 1, Probe = TemplateProbe(TestVectors.Unit(1)) }, server.As("operator")));
        var enroll = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Enrollment.EnrollmentClient(server.Channel).EnrollAsync(new EnrollRequest { Pinfl = Alice }, server.As("device")));

        Assert.Equal(StatusCode.PermissionDenied, identify.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, enroll.StatusCode);
        Assert.Contains("operator", identify.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_templates_are_refused_to_desk_roles_so_scores_cannot_be_hill_climbed()
    {
        var client = new Verification.VerificationClient(server.Channel);
        foreach (var role in new[] { "operator", "device" })
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () =>
                await client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = TemplateProbe(TestVectors.Unit(12)) }, server.As(role)));
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            // The operator is refused the probe kind; the device is not admitted to Verify at all (issue 12).
            Assert.Matches("aligned crops or templates|device role may not call", error.Status.Detail);
        }

        Assert.False((await client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = TemplateProbe(TestVectors.Unit(12)) }, server.As("supervisor"))).Enrolled);
    }

    [Fact]
    public async Task An_enrolled_face_is_verified_from_a_new_photo_at_the_default_fmr_and_a_stranger_is_not()
    {
        // sample1 and sample3 are two photos of the same person; sample5 is someone else.
        var (_, aliceTemplate) = FaceOf(sample: 1, face: 0);
        const string pinfl = "41234567890123";
        var enrollment = new Enrollment.EnrollmentClient(server.Channel);
        var verification = new Verification.VerificationClient(server.Channel);

        // Flagged, not refused, should another test of this server have enrolled the same face (admins may flag).
        var enrolled = await enrollment.EnrollAsync(new EnrollRequest { Pinfl = pinfl, Probes = { TemplateProbe(aliceTemplate) }, DuplicatePolicy = DuplicatePolicy.Flag }, server.As("admin"));
        var genuine = await verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = PhotoProbe(sample: 3) }, server.As("operator"));
        var stranger = await verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = PhotoProbe(sample: 5) }, server.As("operator"));

        Assert.False(genuine.LivenessFailed, $"liveness {genuine.Liveness}");
        Assert.Single(enrolled.TemplateIds);
        Assert.True(genuine.Match, $"similarity {genuine.Similarity}");
        Assert.Equal(1e-4, genuine.OperatingPoint.Fmr);
        Assert.Equal(0f, genuine.Liveness); // an operator gets the decision, not the liveness score (a presentation could be tuned on it)
        Assert.True(genuine.Quality > 0);
        Assert.False(stranger.Match);
        Assert.True(stranger.Enrolled);
        Assert.True(stranger.DecisionId > genuine.DecisionId);

        var subject = await enrollment.GetSubjectAsync(new GetSubjectRequest { Pinfl = pinfl }, server.As("supervisor"));
        Assert.Equal(enrolled.TemplateIds, subject.TemplateIds);

        // 1:N from the second photo finds her; one node answers as one shard of one.
        var found = await verification.IdentifyAsync(new IdentifyRequest { Probe = PhotoProbe(sample: 3), K = 3 }, server.As("supervisor"));
        Assert.Contains(pinfl, found.Candidates.Select(c => c.Pinfl));
        Assert.Equal((1, 1), (found.ShardsAnswered, found.ShardsTotal));
    }

    [Fact]
    public async Task Enrollers_enrol_images_only_and_learn_no_other_pinfl_from_a_duplicate()
    {
        var enrollment = new Enrollment.EnrollmentClient(server.Channel);
        var (crop, template) = FaceOf(sample: 1, face: 0);

        var template_ = await Assert.ThrowsAsync<RpcException>(async () =>
            await enrollment.EnrollAsync(new EnrollRequest { Pinfl = "44234567890123", Probes = { TemplateProbe(template) } }, server.As("enroller")));
        Assert.Equal(StatusCode.PermissionDenied, template_.StatusCode);

        var flag = await Assert.ThrowsAsync<RpcException>(async () =>
            await enrollment.EnrollAsync(new EnrollRequest { Pinfl = "44234567890123", Probes = { ImageProbe(crop) }, DuplicatePolicy = DuplicatePolicy.Flag }, server.As("enroller")));
        Assert.Equal(StatusCode.PermissionDenied, flag.StatusCode);

        // Flagged, not refused, should another test of this server have enrolled the same face (admins may flag).
        await enrollment.EnrollAsync(new EnrollRequest { Pinfl = "44234567890123", Probes = { TemplateProbe(template) }, DuplicatePolicy = DuplicatePolicy.Flag }, server.As("admin"));
        var duplicate = await Assert.ThrowsAsync<RpcException>(async () =>
            await enrollment.EnrollAsync(new EnrollRequest { Pinfl = "45234567890123", Probes = { ImageProbe(crop) } }, server.As("enroller")));
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.DoesNotContain("44234567890123", duplicate.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_aligned_crop_from_a_supervisor_verifies_against_the_enrolled_template()
    {
        var (crop, template) = FaceOf(sample: 4, face: 0);
        using var catalog = new ModelCatalog(ModelStore.Discover());
        var pipeline = FacePipeline.Create(catalog);
        var faces = pipeline.Analyze(crop, AnalysisOptions.DetectOnly with { MaxFaces = 1 });
        using var face = faces[0];
        const string pinfl = "43234567890123";

        await new Enrollment.EnrollmentClient(server.Channel).EnrollAsync(new EnrollRequest { Pinfl = pinfl, Probes = { TemplateProbe(template) } }, server.As("admin"));
        var result = await new Verification.VerificationClient(server.Channel).VerifyAsync(
            new VerifyRequest { Pinfl = pinfl, Probe = new Probe { Aligned = new AlignedFace { ModelId = Model, Image = ByteString.CopyFrom(face.Aligned.Image.ImEncode(".png")) } } },
            server.As("supervisor"));

        Assert.True(result.Match);
        Assert.True(result.Similarity > 0.95f, $"similarity {result.Similarity}");
    }

    [Fact]
    public async Task Bad_input_gets_invalid_argument_naming_the_problem_and_the_service_stays_up()
    {
        var client = new Verification.VerificationClient(server.Channel);
        var enroller = new Enrollment.EnrollmentClient(server.Channel);
        var cases = new (Func<Task> Call, string Message)[]
        {
            (async () => await client.VerifyAsync(new VerifyRequest { Pinfl = "12345", Probe = TemplateProbe(TestVectors.Unit(2)) }, server.As("supervisor")), "14 digits"),
            (async () => await client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = TemplateProbe([float.NaN, .. TestVectors.Unit(3)[1..]]) }, server.As("supervisor")), "NaN"),
            (async () => await client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = TemplateProbe(TestVectors.Unit(4)[..100]) }, server.As("supervisor")), "100 dimensions"),
            (async () => await client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = new Probe { Template = new Template { ModelId = "unknown", Vector = { TestVectors.Unit(5) } } } }, server.As("supervisor")), "unknown"),
            (async () => await client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = new Probe { Image = ByteString.CopyFromUtf8("not an image") } }, server.As("operator")), "not a recognised image format"),
            (async () => await client.VerifyAsync(new VerifyRequest { Pinfl = Alice }, server.As("operator")), "probe is empty"),
            (async () => await client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = new Probe { Aligned = new AlignedFace { ModelId = Model, Image = ByteString.CopyFrom(new Mat(100, 100, MatType.CV_8UC3, Scalar.Gray).ImEncode(".png")) } } }, server.As("supervisor")), "must be 112x112"),
            (async () => await client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = TemplateProbe(TestVectors.Unit(6)), Fmr = 0.5 }, server.As("supervisor")), "calibration covers"),
            (async () => await client.IdentifyAsync(new IdentifyRequest { Probe = TemplateProbe(TestVectors.Unit(7)), K = 0 }, server.As("supervisor")), "between 1 and 100"),
            (async () => await enroller.EnrollAsync(new EnrollRequest { Pinfl = Alice }, server.As("admin")), "1 to 10 probes"),
        };

        foreach (var (call, message) in cases)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
        }

        var stillUp = await client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = TemplateProbe(TestVectors.Unit(8)) }, server.As("supervisor"));
        Assert.False(stillUp.Enrolled);
        Assert.Null(new Registry.Subjects.SubjectRegistry(server.Data.Database, new Registry.Crypto.TemplateCipher(server.Data.Keys)).Get(Alice));
    }

    [Fact]
    public async Task Prometheus_sees_calls_by_status_decisions_and_registry_size()
    {
        var client = new Verification.VerificationClient(server.Channel);
        await client.VerifyAsync(new VerifyRequest { Pinfl = "57777777777777", Probe = TemplateProbe(TestVectors.Unit(11)) }, server.As("supervisor"));
        await Assert.ThrowsAsync<RpcException>(async () => await client.VerifyAsync(new VerifyRequest { Pinfl = "1" }, server.As("operator")));

        using var http = new HttpClient();
        var text = await http.GetStringAsync($"{server.MetricsUrl}/metrics");

        Assert.Contains("egov_rpc_requests_total{method=\"/egov.biometrics.v1.Verification/Verify\",status=\"OK\"}", text, StringComparison.Ordinal);
        Assert.Contains("egov_rpc_requests_total{method=\"/egov.biometrics.v1.Verification/Verify\",status=\"InvalidArgument\"}", text, StringComparison.Ordinal);
        Assert.Contains("egov_decisions_total{action=\"verify\",outcome=\"not-enrolled\"}", text, StringComparison.Ordinal);
        Assert.Contains("egov_rpc_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("egov_registry_templates", text, StringComparison.Ordinal);
        Assert.Contains("egov_index_memory_bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_decision_is_in_an_intact_audit_chain_with_its_caller()
    {
        var client = new Verification.VerificationClient(server.Channel);
        await client.VerifyAsync(new VerifyRequest { Pinfl = "59999999999999", Probe = TemplateProbe(TestVectors.Unit(9)) }, server.As("supervisor", "desk-42"));

        using var connection = server.Data.Database.Open();
        Assert.True(AuditLog.Verify(connection, server.Data.Keys.AuditKey, AuditAnchor.Load(server.Data.PathOf(DataDirectory.AuditAnchorFile))).Intact);
        var last = AuditLog.Read(connection).Last(e => e.Entry.Subject == "59999999999999").Entry;
        Assert.Equal("supervisor", last.Role);
        Assert.Equal("desk-42", last.Desk);
        Assert.Equal("not-enrolled", last.Decision);
        Assert.Equal(1e-4, last.Fmr);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_data_folder_keeps_its_secrets_private()
    {
        foreach (var secret in new[] { DataDirectory.BootstrapKeyFile, DataDirectory.CertificateFile, "template-keys.json" })
        {
            var mode = File.GetUnixFileMode(server.Data.PathOf(secret));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        }
    }

    [Fact]
    public async Task A_template_of_an_embedder_the_manifest_has_but_this_server_does_not_serve_is_failed_precondition_naming_it()
    {
        // This server serves the default embedder alone; dlib's 128-D template cannot be decided here.
        var client = new Verification.VerificationClient(server.Channel);
        var part = TestVectors.Unit(8)[..128];
        var norm = MathF.Sqrt(part.Sum(x => x * x));
        var probe = new Probe { Template = new Template { ModelId = "dlib-resnet29-faceapi", Vector = { part.Select(x => x / norm) } } };

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.VerifyAsync(new VerifyRequest { Pinfl = Alice, Probe = probe }, server.As("supervisor")).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("'dlib-resnet29-faceapi' is not served here: this server decides with faceplugin-arcface-r512", refused.Status.Detail, StringComparison.Ordinal);
    }

    private static Probe TemplateProbe(float[] vector) => new() { Template = new Template { ModelId = Model, Vector = { vector } } };

    private static Probe PhotoProbe(int sample) => new() { Image = ByteString.CopyFrom(SamplePortraits.Bytes(sample)) };

    private static Probe ImageProbe(Mat image) => new() { Image = ByteString.CopyFrom(image.ImEncode(".jpg")) };

    // A 400x400 crop around one face of a test photo, and that face's embedding.
    private static (Mat Crop, float[] Template) FaceOf(int sample, int face)
    {
        var store = ModelStore.Discover();
        using var catalog = new ModelCatalog(store);
        var pipeline = FacePipeline.Create(catalog);
        using var photo = ImageDecoder.DecodeFile(store.AssetPath($"sample{sample}"));
        var box = pipeline.Detector.Detect(photo.Bgr).OrderByDescending(d => d.Box.Area).ElementAt(face).Box;
        var crop = ImageTensor.CropResized(photo.Bgr, box.SquareAround(box.Height * 2), new OpenCvSharp.Size(400, 400));
        var analysis = pipeline.Analyze(crop, new AnalysisOptions { Quality = false, Liveness = false, MaxFaces = 1 });
        using var first = analysis[0];
        return (crop, first.Embedding!.Vector);
    }
}
