using EGov.Biometrics.Edge.Queue;
using EGov.Biometrics.Edge.Sources;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>Builds the agent: settings from appsettings.json, environment (EGOV_EDGE_) and command line; the workers; systemd integration.</summary>
public static class AgentHost
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--source"] = "Agent:Source",
        ["--server"] = "Agent:Server",
        ["--desk"] = "Agent:Desk",
        ["--centre"] = "Agent:Centre",
        ["--mode"] = "Agent:Mode",
        ["--api-key"] = "Agent:ApiKey",
        ["--ca"] = "Agent:ServerCertificate",
        ["--loop"] = "Agent:Loop",
        ["--once"] = "Agent:Once",
        ["--frame-rate"] = "Agent:FrameRate",
        ["--realtime"] = "Agent:Realtime",
        ["--data-dir"] = "Agent:DataDirectory",
        ["--window"] = "Agent:BestShotWindowSeconds",
        ["--liveness"] = "Agent:Liveness",
    };

    private static readonly string[] Flags = ["--loop", "--once", "--realtime", "--liveness"];

    public static IHost Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        // Bare flags (--once) become --once=true, which is what the configuration binder reads.
        args = [.. args.Select(a => Flags.Contains(a) ? a + "=true" : a)];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("EGOV_EDGE_");
        builder.Configuration.AddCommandLine(args, Switches);
        builder.Services.AddSystemd();

        // AddSystemd registers its notifier only under systemd; elsewhere the same notifier stays disabled.
        builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);

        var options = builder.Configuration.GetSection(AgentOptions.Section).Get<AgentOptions>() ?? new AgentOptions();
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);

        var spec = FrameSourceSpec.Parse(options.Source);
        var status = new AgentStatus(TimeProvider.System);
        var source = ResilientFrameSource.For(spec, new FrameSourceOptions { FolderFrameRate = options.FrameRate, Loop = options.Loop, Realtime = options.Realtime });
        source.StateChanged += status.CameraChanged;
        var signal = new UplinkSignal();
        source.StateChanged += _ => signal.Set(); // the uplink reports a camera change at once

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(spec);
        services.AddSingleton(status);
        services.AddSingleton<IFrameSource>(source);
        services.AddSingleton(new CaptureRequests(TimeProvider.System));
        services.AddSingleton(signal);
        services.AddSingleton<VisitReports>();
        services.AddSingleton(_ => DiskCaptureQueue.Open(
            Path.Combine(options.DataDirectory, "queue"), QueueKey.Load(options),
            new QueueLimits { MaxCount = options.QueueMaxCaptures, MaxBytes = options.QueueMaxBytes, MaxAge = TimeSpan.FromHours(options.QueueMaxAgeHours) }));
        services.AddSingleton(_ => new ModelCatalog(ModelStore.Discover()));
        services.AddSingleton(sp => new FrameProcessor(
            FacePipeline.Create(sp.GetRequiredService<ModelCatalog>()),
            new FaceTracker(),
            new BestShotSelector(new BestShotOptions { Window = TimeSpan.FromSeconds(options.BestShotWindowSeconds) }),
            new FrameProcessorOptions { Liveness = options.Liveness, TrackOnly = options.HallMode }));
        services.AddHostedService<CaptureWorker>();
        services.AddHostedService<Uplink>();
        services.AddHostedService<CompletionMonitor>();
        services.AddHostedService<HealthReporter>();
        configure?.Invoke(services);
        return builder.Build();
    }
}
