using EGov.Biometrics.Edge.Agent;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Desks;
using EGov.Biometrics.Service.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using OpenCvSharp;

namespace EGov.Biometrics.Console.Tests;

/// <summary>
/// The web console as a browser sees it: a real egov-server with TLS on a loopback port (console on), two
/// citizens enrolled, an edge agent at <see cref="AgentDesk"/> whose camera shows one of them, the accounts of
/// <see cref="ConsoleAccounts"/>, and Debian's Chromium with a fake camera showing the same citizen.
/// </summary>
public sealed class ConsoleSite : IAsyncLifetime
{
    public const string AgentDesk = "desk-8";
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The domain caller the site's own setup acts as (an installer with the admin role).</summary>
    public static readonly Caller Installer = new("test:installer", Roles.Admin, string.Empty);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-console-");
    private readonly List<(IHost Host, string Folder)> _agents = [];
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public EdgeVisionFixture Vision { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Address { get; private set; } = string.Empty;

    public IServiceProvider Services => _app!.Services;

    public DataDirectory Data => Services.GetRequiredService<DataDirectory>();

    /// <summary>A work folder for a test's files (photos to upload), removed with the site.</summary>
    public string Scratch => Directory.CreateDirectory(Path.Combine(_folder.FullName, "scratch")).FullName;

    /// <summary>The patch of the citizen the desk camera and the browser camera show.</summary>
    public Mat PersonAtDesk => Vision.Person(SamplePhotos.SecondPhoto.Sample, SamplePhotos.SecondPhoto.Face);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./build.sh setup (it installs Debian's chromium package for the console tests).");
        }

        // Expect(...) waits 5 s by default, apart from the context's 30 s: some of them wait on the server's analysis.
        Assertions.SetDefaultExpectTimeout(30_000);
        Vision = new EdgeVisionFixture();
        _app = ServerHost.Build(new ServerOptions(Path.Combine(_folder.FullName, "server"), "https://127.0.0.1:0", RequestsPerSecondPerKey: 1000));
        await _app.StartAsync();
        Address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var decisions = Services.GetRequiredService<BiometricService>();
        await decisions.EnrollAsync(new EnrollCommand(Citizens.AtDesk, [new ImageProbe(await File.ReadAllBytesAsync(SamplePhotos.PortraitOf(SamplePhotos.Enrolled)))]), Installer);
        await decisions.EnrollAsync(new EnrollCommand(Citizens.Elsewhere, [new ImageProbe(await File.ReadAllBytesAsync(SamplePhotos.PortraitOf(SamplePhotos.Elsewhere)))]), Installer);

        await CreateAccountsAsync();
        await StartAgentAsync(AgentDesk, PersonAtDesk);
        // desk-9 has no agent and verifies photos (uploads, the browser camera's single frame): an admin turns its
        // active check off, or a key bound to it may not verify from a photo at all.
        await Services.GetRequiredService<DeskPolicies>().SetActiveCheckAsync("desk-9", false, Installer);

        var camera = Path.Combine(_folder.FullName, "camera.y4m");
        var frames = SamplePhotos.CameraFrames(Vision, SamplePhotos.SecondPhoto.Sample, 10);
        FakeCamera.Write(camera, frames);
        frames.ForEach(f => f.Dispose());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + camera],
        });
    }

    /// <summary>
    /// Accounts are made the way an administrator makes them: through the domain's People (here from the
    /// server's own container; <c>egov-bio users create</c> reaches the same use case over gRPC).
    /// </summary>
    private async Task CreateAccountsAsync()
    {
        var people = Services.GetRequiredService<People>();
        foreach (var (username, role, desk) in ConsoleAccounts.All)
        {
            await people.CreateAsync(username, role, desk, "en", ConsoleAccounts.Password, Installer);
        }
    }

    /// <summary>Creates one more account (a test that locks or changes it keeps the shared ones intact).</summary>
    public Task<Person> CreateAccountAsync(string username, string role, string desk = "") =>
        Services.GetRequiredService<People>().CreateAsync(username, role, desk, "en", ConsoleAccounts.Password, Installer);

    /// <summary>egov-edge in this process at <paramref name="desk"/>, its folder camera looping over visits of <paramref name="person"/>.</summary>
    public async Task<IHost> StartAgentAsync(string desk, Mat person)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.FullName, "agent-" + desk)).FullName;
        // The person sits for 2 s, then the desk stands empty for 1.5 s: each loop is one visit that ends (the
        // tracker ends a track after 5 frames or 1 s without its face), so visits are counted however busy the machine.
        var frames = SamplePhotos.DeskFrames(person, 20);
        frames.AddRange(Enumerable.Range(0, 15).Select(_ => DeskScene.Frame()));
        for (var i = 0; i < frames.Count; i++)
        {
            using var frame = frames[i];
            Cv2.ImWrite(Path.Combine(folder, $"frame-{i:D3}.jpg"), frame, new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
        }

        // The folder camera replays a still photo (no blink, no head turn): its desk's active check is off, as an
        // admin sets it for a fixed still camera (egov-bio desks policy).
        await Services.GetRequiredService<DeskPolicies>().SetActiveCheckAsync(desk, false, Installer);
        var key = new ApiKeyStore(Data.Database).Create(Roles.Device, desk);
        var host = AgentHost.Build(
        [
            "--source", Path.Combine(folder), "--loop", "--frame-rate", "10", "--server", Address, "--desk", desk, "--api-key", key,
            "--ca", Data.PathOf(DataDirectory.PublicCertificateFile), "--data-dir", Path.Combine(_folder.FullName, "edge-" + desk),
            "--Agent:ReconnectMaxSeconds=1", "--Agent:HeartbeatSeconds=1",
        ]);
        _agents.Add((host, folder));
        await host.StartAsync();
        return host;
    }

    /// <summary>A fresh browser context (its own cookies) on the site; the server's self-signed certificate is accepted.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Address,
            IgnoreHTTPSErrors = true,
            Locale = "en-US",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        // 60 s: on a 2-core CI machine the first sign-ins run beside the server's JIT, Chromium and the other classes'
        // pages, and once (2026-12-07) a sign-in's page load took over 30 s there. A timeout is a failure, not a measure.
        context.SetDefaultTimeout(60_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        foreach (var (host, _) in _agents)
        {
            using (host)
            {
                await host.StopAsync();
            }
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Vision?.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
