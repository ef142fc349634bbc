using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using Google.Protobuf;
using Grpc.Core;
using OpenCvSharp;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// Issue 12, finding 7: a two-face photo enrolled one of the two silently and a grid of twenty faces verified.
/// A photo to enrol, verify or identify must show one person (OnePersonRule); a portrait of the same person passes.
/// </summary>
public sealed class OnePersonPhotoTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task A_group_photo_is_refused_for_enrolment_and_nothing_is_stored()
    {
        const string pinfl = "67777777777771";
        var group = new Probe { Image = ByteString.CopyFrom(await File.ReadAllBytesAsync(ModelStore.Discover().AssetPath("sample1"))) };

        var refused = await Assert.ThrowsAsync<RpcException>(() => Enrollment().EnrollAsync(new EnrollRequest { Pinfl = pinfl, Probes = { group } }, server.As("enroller")).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("The photo shows 3 people", refused.Status.Detail, StringComparison.Ordinal);
        using var registry = new SubjectRegistry(server.Data.Database, new TemplateCipher(server.Data.Keys));
        Assert.Null(registry.Get(pinfl));
    }

    [Fact]
    public async Task Two_people_side_by_side_are_refused_where_each_alone_is_accepted()
    {
        using var left = ImageDecoder.DecodeFile(SamplePortraits.PathOf(1));
        using var right = ImageDecoder.DecodeFile(SamplePortraits.PathOf(5));
        using var pair = SideBySide([left.Bgr, right.Bgr], columns: 2, height: 480);

        var refused = await Assert.ThrowsAsync<RpcException>(() => Enrollment().EnrollAsync(
            new EnrollRequest { Pinfl = "67777777777772", Probes = { Jpeg(pair) }, DuplicatePolicy = DuplicatePolicy.Flag }, server.As("admin")).ResponseAsync);
        var alone = await Enrollment().EnrollAsync(
            new EnrollRequest { Pinfl = "67777777777773", Probes = { Jpeg(left.Bgr) }, DuplicatePolicy = DuplicatePolicy.Flag }, server.As("admin"));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("The photo shows 2 people", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Single(alone.TemplateIds);
    }

    [Fact]
    public async Task A_grid_of_twenty_faces_holding_the_citizen_neither_verifies_nor_identifies()
    {
        // sample1 and sample3 are two photos of one person: sample1 enrolled, sample3 in the grid among four others.
        const string pinfl = "67777777777774";
        await Enrollment().EnrollAsync(
            new EnrollRequest { Pinfl = pinfl, Probes = { new Probe { Image = ByteString.CopyFrom(SamplePortraits.Bytes(1)) } }, DuplicatePolicy = DuplicatePolicy.Flag },
            server.As("admin"));
        var portraits = new[] { 3, 4, 5, 6, 2 }.Select(s => ImageDecoder.DecodeFile(SamplePortraits.PathOf(s))).ToList();
        using var grid = SideBySide([.. Enumerable.Range(0, 20).Select(i => portraits[i % portraits.Count].Bgr)], columns: 5, height: 200);
        portraits.ForEach(p => p.Dispose());
        var verification = new Verification.VerificationClient(server.Channel);

        var genuine = await verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = new Probe { Image = ByteString.CopyFrom(SamplePortraits.Bytes(3)) } }, server.As("operator"));
        var verify = await Assert.ThrowsAsync<RpcException>(() => verification.VerifyAsync(new VerifyRequest { Pinfl = pinfl, Probe = Jpeg(grid) }, server.As("operator")).ResponseAsync);
        var identify = await Assert.ThrowsAsync<RpcException>(() => verification.IdentifyAsync(new IdentifyRequest { Probe = Jpeg(grid), K = 3 }, server.As("supervisor")).ResponseAsync);

        Assert.True(genuine.Match, "the citizen's own second photo, alone, verifies");
        Assert.Equal(StatusCode.InvalidArgument, verify.StatusCode);
        Assert.Matches("The photo shows (1[5-9]|20) people", verify.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, identify.StatusCode);
        Assert.Contains("people", identify.Status.Detail, StringComparison.Ordinal);
    }

    private Contracts.V1.Enrollment.EnrollmentClient Enrollment() => new(server.Channel);

    private static Probe Jpeg(Mat image) => new() { Image = ByteString.CopyFrom(image.ImEncode(".jpg")) };

    // Photos scaled to one height and laid out in rows of <paramref name="columns"/>, on a grey background.
    private static Mat SideBySide(IReadOnlyList<Mat> photos, int columns, int height)
    {
        var tiles = photos.Select(p => p.Resize(new Size(height, height))).ToList();
        var rows = (tiles.Count + columns - 1) / columns;
        var sheet = new Mat(rows * height, columns * height, MatType.CV_8UC3, new Scalar(128, 128, 128));
        for (var i = 0; i < tiles.Count; i++)
        {
            using var cell = new Mat(sheet, new Rect(i % columns * height, i / columns * height, height, height));
            tiles[i].CopyTo(cell);
            tiles[i].Dispose();
        }

        return sheet;
    }
}
