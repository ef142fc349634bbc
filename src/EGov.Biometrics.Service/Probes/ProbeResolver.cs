using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service.Probes;

/// <summary>
/// Turns a probe into an embedding: templates as sent, aligned crops through their model's embedder, images
/// through the face pipeline. Templates and aligned crops only from roles admitted to
/// <see cref="AccessPolicies.SendRawProbes"/>: they skip the pipeline's capture checks and are what a
/// hill-climb edits (desk agents send their crops on the desk stream, not here).
/// </summary>
public sealed class ProbeResolver(IProbeAnalyzer analyzer)
{
    // Decoded images are large and their analysis is CPU-bound: at most one runs per core, one core kept free for
    // answering calls; the rest wait without holding a thread, so health checks and template calls are answered
    // while hundreds of images queue.
    private readonly SemaphoreSlim _decodes = new(Math.Max(1, Environment.ProcessorCount - 1));

    public IProbeAnalyzer Analyzer { get; } = analyzer;

    public async Task<ResolvedProbe> ResolveAsync(ProbeInput? probe, Caller caller, CancellationToken cancel = default) => probe switch
    {
        TemplateProbe or AlignedCropProbe when !AccessPolicies.Admits(AccessPolicies.SendRawProbes, caller) =>
            throw new AccessDeniedException($"The {caller.Role} role may not send aligned crops or templates: send a photo (a desk's crops come on its desk stream)."),
        TemplateProbe t => new ResolvedProbe(new FaceTemplate(t.Vector, t.ModelId), null, null),
        AlignedCropProbe a => new ResolvedProbe(await EmbedCropAsync(a.ModelId, a.Image, cancel).ConfigureAwait(false), null, null),
        ImageProbe i => ByModel(i, await GatedAsync(() => Analyzer.AnalyzeImage(i.Image), cancel).ConfigureAwait(false)),
        _ => throw new ArgumentException("The probe is empty: send an image, an aligned crop or a template."),
    };

    // An image asked to be decided by one model: its template by that model leads (the analyser embeds by every served one).
    private static ResolvedProbe ByModel(ImageProbe image, ResolvedProbe resolved) =>
        image.ModelId is not { } model ? resolved
        : resolved.By(model) ?? throw new Failures.PreconditionFailedException(
            $"Model '{Text.Bounded(model, Text.NameLength)}' is not served here: this server embeds images with {string.Join(", ", resolved.Templates.Select(t => t.ModelId))}.");

    /// <summary>Embeds an aligned crop (a desk capture's or a probe's) under the same decode gate as images.</summary>
    public Task<FaceTemplate> EmbedCropAsync(string modelId, byte[] crop, CancellationToken cancel = default) =>
        GatedAsync(() => Analyzer.EmbedAlignedCrop(modelId, crop), cancel);

    /// <summary>Runs CPU-bound image work (decoding, models) under the decode gate, on a thread of its own.</summary>
    public async Task<T> GatedAsync<T>(Func<T> decode, CancellationToken cancel = default)
    {
        await _decodes.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            // The analysis runs for tens of milliseconds on its own thread, off the thread pool that answers requests.
            return await Task.Factory.StartNew(decode, cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            _decodes.Release();
        }
    }
}
