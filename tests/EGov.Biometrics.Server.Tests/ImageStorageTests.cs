using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Vision.Models;
using Google.Protobuf;

namespace EGov.Biometrics.Server.Tests;

public sealed class ImageStoringServer : RunningServer
{
    protected override bool StoreImages => true;
}

/// <summary>With --store-images the enrolment photo is kept, encrypted; without it (the default) nothing but the template is.</summary>
public sealed class ImageStorageTests(ImageStoringServer server) : IClassFixture<ImageStoringServer>
{
    [Fact]
    public async Task An_enrolment_image_is_kept_encrypted_when_the_server_is_configured_to()
    {
        var photo = SamplePortraits.Bytes(6);
        const string pinfl = "65555555555555";
        var enrolled = await new Contracts.V1.Enrollment.EnrollmentClient(server.Channel).EnrollAsync(
            new EnrollRequest { Pinfl = pinfl, Probes = { new Probe { Image = ByteString.CopyFrom(photo) } } }, server.As("enroller"));

        using var registry = new SubjectRegistry(server.Data.Database, new TemplateCipher(server.Data.Keys));
        Assert.Equal(photo, registry.LoadImages(pinfl)[enrolled.TemplateIds[0]]);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(server.Data.Path, "registry.db*"))
        {
            Assert.Equal(-1, (await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(photo.AsSpan(1000, 64)));
        }
    }
}

/// <summary>By default the server keeps no face image: only the encrypted template.</summary>
public sealed class NoImageStorageTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task By_default_no_image_is_kept()
    {
        var photo = SamplePortraits.Bytes(6);
        const string pinfl = "66666666666666";
        await new Contracts.V1.Enrollment.EnrollmentClient(server.Channel).EnrollAsync(
            new EnrollRequest { Pinfl = pinfl, Probes = { new Probe { Image = ByteString.CopyFrom(photo) } } }, server.As("enroller"));

        using var registry = new SubjectRegistry(server.Data.Database, new TemplateCipher(server.Data.Keys));
        Assert.Single(registry.Get(pinfl)!.Templates);
        Assert.Empty(registry.LoadImages(pinfl));
    }
}
