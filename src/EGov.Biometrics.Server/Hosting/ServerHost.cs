using System.Net;
using EGov.Biometrics.Cluster.Hosting;
using EGov.Biometrics.Console;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Desks;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Server.Api;
using EGov.Biometrics.Server.Observability;
using EGov.Biometrics.Server.Rest;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Administration;
using EGov.Biometrics.Service.Audit;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Desks;
using EGov.Biometrics.Service.Galleries;
using EGov.Biometrics.Service.Keys;
using EGov.Biometrics.Service.Liveness;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Service.Situation;
using EGov.Biometrics.Service.Subjects;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace EGov.Biometrics.Server.Hosting;

/// <summary>Builds the host: Kestrel with TLS (plaintext only on loopback), the registry, the index, the gRPC services and the web console.</summary>
public static class ServerHost
{
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>The server's image limits: at most 16 megapixels, so a burst of uploads cannot exhaust memory.</summary>
    public static readonly ImageLimits ServerImageLimits = ImageLimits.Default with { MaxPixels = 16_000_000 };

    /// <summary>
    /// Desk frames (liveness context and active-check evidence) come from egov-edge, which writes PNG: a device key
    /// gets no way to the registry formats' decoders (OpenJPEG, libtiff), which photos from registries need.
    /// </summary>
    public static readonly ImageLimits DeskFrameLimits = ServerImageLimits with
    {
        AllowedFormats = new HashSet<ImageFormat> { ImageFormat.Png, ImageFormat.Jpeg },
    };

    public static WebApplication Build(ServerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RequestsPerSecondPerKey, 1, "--rate-limit");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLargeRequests, 1, "--max-large-requests");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLargeRequestsPerConnection, 1, "--max-large-requests-per-connection");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLargeRequestsPerCredential, 1, "--max-large-requests-per-credential");
        if (options.Cluster is not null && options.Postgres is null)
        {
            // Refused before the data folder is touched (a SQLite registry made there would be no silo's).
            throw new ArgumentException(ClusterMembership.NeedsPostgres);
        }

        var data = DataDirectory.For(options);
        // The console's static-asset manifest is found by application name beside the binaries, wherever the
        // process starts (a test host, ./bin, a service unit).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "egov-server", ContentRootPath = AppContext.BaseDirectory });

        // Run from a build (tests, dotnet run) rather than a publish, the console's files are still in the projects:
        // the build's manifest points at them. A published server has no such manifest and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        // A line per request from the framework would cost more than a verification; decisions are in the audit log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // The console's files are served from the build's static-asset manifest, not a wwwroot folder beside the process.
        builder.Logging.AddFilter("Microsoft.AspNetCore.StaticFiles", LogLevel.Error);

        // JSON transcoding logs every unreadable REST body with its parser's stack trace: a line per malformed call, as above.
        builder.Logging.AddFilter("Grpc.AspNetCore.Grpc.JsonTranscoding", LogLevel.Warning);

        // Each refused credential would be a line too: under a flood of guessed keys that is the attacker's lever on the disk.
        builder.Logging.AddFilter("EGov.Biometrics.Server.Security", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var uri = new Uri(url);
                var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host);
                if (options.Plaintext && !IPAddress.IsLoopback(address))
                {
                    throw new ArgumentException($"Plaintext is allowed on loopback only, not on {uri.Host}.");
                }

                kestrel.Listen(address, uri.Port, listen =>
                {
                    // gRPC is HTTP/2; browsers and REST clients also speak HTTP/1.1, told apart by ALPN, so only over TLS
                    // (plaintext is HTTP/2 with prior knowledge: curl --http2-prior-knowledge for REST).
                    listen.Protocols = !options.Plaintext ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2;
                    if (!options.Plaintext)
                    {
                        // Client certificates are optional and self-signed on devices: trust comes from their
                        // registered fingerprint (see ClientCertificateStore), checked per call, not from a chain.
                        listen.UseHttps(new HttpsConnectionAdapterOptions
                        {
                            ServerCertificate = data.Certificate,
                            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                            ClientCertificateValidation = (_, _, _) => true,
                        });
                    }
                });
            }

            if (options.MetricsUrl is { } metricsUrl)
            {
                // Prometheus scrapes plain HTTP/1.1 on its own port, on loopback or a management network.
                var metricsUri = new Uri(metricsUrl);
                kestrel.Listen(metricsUri.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(metricsUri.Host), metricsUri.Port, listen => listen.Protocols = HttpProtocols.Http1);
            }

            kestrel.Limits.MaxRequestBodySize = MaxMessageBytes;

            // Desk agents hold streams for days: a peer that vanished (power, cable) is noticed by pings.
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(20);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        });

        var store = ModelStore.Discover();
        var embedders = store.Manifest.Models.Where(m => m.Task == "embedder").ToList();
        var cipher = new TemplateCipher(data.Keys);
        var registry = new SubjectRegistry(data.Database, cipher, data.PathOf(DataDirectory.AuditAnchorFile), options.AuditWitnessPath);
        var served = ServedEmbedders.From(store.Manifest, options.Embedders);
        var calibrations = embedders.Where(m => served.Served.Contains(m.Id)).ToDictionary(m => m.Id, m => new FmrCalibration(m.Calibration!));
        var services = builder.Services;
        services.AddSingleton(data);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);

        // Storage (the registry) and the face pipeline, created here and nowhere else.
        services.AddSingleton(registry);
        services.AddSingleton(new ApiKeyStore(data.Database));
        services.AddSingleton(new ClientCertificateStore(data.Database));
        services.AddSingleton(new PersonStore(registry));
        services.AddSingleton(new DeskCaptureStore(registry));
        services.AddSingleton(new DeskPolicyStore(registry));
        services.AddSingleton(new EnrollmentKeyStore(registry));
        services.AddSingleton(new ModelCatalog(store));
        services.AddSingleton(sp => FacePipeline.Create(sp.GetRequiredService<ModelCatalog>()));
        services.AddSingleton<IProbeAnalyzer>(sp => new PipelineProbeAnalyzer(sp.GetRequiredService<FacePipeline>(), sp.GetRequiredService<ModelCatalog>(), ServerImageLimits, served.Served));
        services.AddSingleton<ILivenessAnalyzer>(sp => new PipelineLivenessAnalyzer(
            sp.GetRequiredService<FacePipeline>().LivenessDetector as PresentationAttackDetector
                ?? throw new InvalidOperationException("The face pipeline's liveness detector is not the presentation-attack detector."),
            DeskFrameLimits));
        services.AddSingleton(ActiveCheckPolicy.Default);
        services.AddSingleton<IFrameSignalReader>(sp => new PipelineFrameSignalReader(
            sp.GetRequiredService<FacePipeline>(), sp.GetRequiredService<ModelCatalog>(), DeskFrameLimits, sp.GetRequiredService<ActiveCheckPolicy>()));

        // The domain's use cases.
        var matching = options.Matching ?? MatchingOptions.Default;
        services.AddSingleton(matching);
        var dimensions = embedders.ToDictionary(m => m.Id, m => m.Outputs[0].Shape[^1]);
        if (options.Cluster is { } silo)
        {
            // A silo: the galleries are the cluster's shard grains (each loads its part of the registry when activated).
            builder.Logging.AddFilter("Orleans", LogLevel.Warning);
            builder.Logging.AddFilter("Polly", LogLevel.Warning);
            builder.AddEgovSilo(silo, ClusterMembership.Connection(options.Postgres, DataDirectory.PostgresPassword(options)), data.Certificate, dimensions, matching);
        }
        else
        {
            // One node: every gallery in this process, loaded now from its snapshot or the registry, snapshotted in the background.
            var index = TemplateIndex.Load(registry, dimensions, matching, new GallerySnapshots(data.Path, data.Keys));
            services.AddSingleton(index);
            services.AddSingleton<IGallery>(new LocalGallery(index));
            services.AddHostedService<GallerySnapshotWriter>();
        }

        services.AddSingleton<IReadOnlyDictionary<string, FmrCalibration>>(calibrations);
        services.AddSingleton(served);
        if (options.Fusion)
        {
            services.AddSingleton(FusedVerification.From(store.Manifest, served));
        }

        services.AddSingleton(new DecisionOptions(CaptureGates.Default, options.StoreImages));
        services.AddSingleton<ProbeResolver>();
        services.AddSingleton(VerificationPolicy.Default);
        services.AddSingleton<AttemptThrottle>();
        services.AddSingleton<BiometricService>();
        services.AddSingleton<BatchEnrollment>();
        services.AddSingleton<SubjectDirectory>();
        services.AddSingleton<StatisticsQuery>();
        services.AddSingleton<Credentials>();
        services.AddSingleton(SignInOptions.Default);
        services.AddSingleton<People>();
        services.AddSingleton<AuditQuery>();
        services.AddSingleton(new KeyRotation(registry, cipher, data.KeyRingFile));
        services.AddSingleton<DeskHub>();
        services.AddSingleton<DeskService>();
        services.AddSingleton<DeskPolicies>();
        services.AddSingleton<DeskActivity>();
        services.AddSingleton(AlertOptions.Default);
        services.AddSingleton<SituationQuery>();

        var metricsRegistry = Prometheus.Metrics.NewCustomRegistry();
        services.AddSingleton(sp =>
        {
            var metrics = new ServiceMetrics(metricsRegistry, sp.GetRequiredService<StatisticsQuery>().IndexSize);
            sp.GetRequiredService<AttemptThrottle>().Throttled += refused => metrics.AttemptsThrottled.WithLabels(refused.Role).Inc();
            return metrics;
        });
        services.AddEgovSecurity(options);
        if (options.Console)
        {
            services.AddEgovConsole();
        }

        services.AddEgovRest(services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ErrorInterceptor>();
            grpc.MaxReceiveMessageSize = MaxMessageBytes;
            grpc.EnableDetailedErrors = false;
        }));
        if (options.Reflection)
        {
            services.AddGrpcReflection();
        }

        services.AddSingleton<AuditChainCheck>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditChainCheck>());
        services.AddGrpcHealthChecks().AddCheck<RegistryHealthCheck>("registry");

        // Every gRPC service is bound by the provider that answers a malformed request InvalidArgument (see there), in
        // place of grpc-dotnet's default binder: after every AddGrpc* call above, each of which would add it back.
        services.Remove(services.Single(d => d.ServiceType == typeof(Grpc.AspNetCore.Server.Model.IServiceMethodProvider<>) && d.ImplementationType?.Name == "BinderServiceMethodProvider`1"));
        services.AddSingleton(typeof(Grpc.AspNetCore.Server.Model.IServiceMethodProvider<>), typeof(Security.RequestParsingMethodProvider<>));

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(registry.Dispose);
        app.UseMiddleware<GrpcMetricsMiddleware>();
        if (options.MetricsUrl is { } url)
        {
            // By the port the connection arrived on, not the Host header a client chooses.
            var metricsPort = new Uri(url).Port;
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/metrics") && context.Connection.LocalPort != metricsPort)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await next(context);
            });
        }

        app.UseEgovSecurity();
        app.UseEgovRest();
        if (options.Console)
        {
            app.MapEgovConsole();
        }

        app.MapGrpcService<VerificationService>();
        app.MapGrpcService<EnrollmentService>();
        app.MapGrpcService<AdministrationService>();
        app.MapGrpcService<DesksService>();

        // Load balancers probe health without credentials; it is cheap, so it is not rate-limited either.
        app.MapGrpcHealthChecksService().AllowAnonymous().DisableRateLimiting();
        if (options.Reflection)
        {
            app.MapGrpcReflectionService().AllowAnonymous();
        }

        if (options.MetricsUrl is not null)
        {
            app.MapMetrics(registry: metricsRegistry).RequireAuthorization(SecurityComposition.MetricsPolicy).DisableRateLimiting();
        }

        return app;
    }
}
