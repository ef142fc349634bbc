using System.Threading.Channels;
using EGov.Biometrics.Edge.Queue;
using EGov.Biometrics.Edge.Sources;

namespace EGov.Biometrics.Edge.Agent;

/// <summary>
/// Frames in, captures out: the source is read on its own loop into a two-frame mailbox, and the processor
/// takes the newest frame when it is free. A live source (camera, stream, folder played at a frame rate)
/// that outpaces the processor loses its oldest frames (counted), never grows memory; a video file read as
/// fast as possible waits instead. Every capture goes to the encrypted disk queue before anything else.
/// </summary>
internal sealed class CaptureWorker(
    AgentOptions options, FrameSourceSpec spec, IFrameSource source, FrameProcessor processor, DiskCaptureQueue queue, AgentStatus status, CaptureRequests requests, UplinkSignal signal, VisitReports visits, ILogger<CaptureWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var live = !(spec.Kind == FrameSourceKind.VideoFile && !options.Realtime);
        var mailbox = Channel.CreateBounded<Frame>(
            new BoundedChannelOptions(2) { FullMode = live ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true },
            dropped =>
            {
                dropped.Dispose();
                status.FrameSkipped();
            });

        var reader = Task.Run(() => ReadFramesAsync(mailbox.Writer, stoppingToken), CancellationToken.None);
        try
        {
            await foreach (var frame in mailbox.Reader.ReadAllAsync(stoppingToken))
            {
                using (frame)
                {
                    await EnqueueAsync(processor.Process(frame), stoppingToken);
                    visits.Take(processor.Visits.Collect(), processor.Visits.Present);
                    status.FrameProcessed();
                }
            }

            // The source ended: every track ends and its pending best shot goes out too.
            await EnqueueAsync(processor.Flush(DateTimeOffset.UtcNow), stoppingToken);
            visits.Take(processor.Visits.Collect(), processor.Visits.Present);
            status.SourceEnded = true;
            signal.Set();
            logger.LogInformation("Source ended after {Frames} frames; {Captures} captures made", status.Frames, status.Captures);
        }
        finally
        {
            await reader;
            while (mailbox.Reader.TryRead(out var left))
            {
                left.Dispose();
            }
        }
    }

    private async Task ReadFramesAsync(ChannelWriter<Frame> mailbox, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var frame in source.WithCancellation(stoppingToken))
            {
                await mailbox.WriteAsync(frame, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            mailbox.TryComplete();
        }
    }

    private async Task EnqueueAsync(IReadOnlyList<FaceCapture> captures, CancellationToken stoppingToken)
    {
        foreach (var capture in captures)
        {
            // Tagged before it is queued: the uplink must not send it untagged first.
            if (requests.AnyOpen && requests.TryAnswer(capture))
            {
                logger.LogInformation("Capture {Key} (track {Track}) answers an operator's request", capture.IdempotencyKey, capture.TrackId);
            }

            await queue.EnqueueAsync(capture, stoppingToken);
            status.CaptureQueued();
            signal.Set();
        }
    }
}
