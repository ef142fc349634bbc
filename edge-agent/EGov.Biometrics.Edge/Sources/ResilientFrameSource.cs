namespace EGov.Biometrics.Edge.Sources;

/// <summary>
/// Keeps frames coming from a source that may fail: when opening fails, or the source throws (camera
/// unplugged, stream dropped, folder deleted), it reports <see cref="CameraStatus.Reconnecting"/> and opens
/// a fresh source from the factory after an exponential backoff. A source that ends normally (a video file,
/// a folder played once) ends this one too. Frame indices run on across reconnects.
/// </summary>
public sealed class ResilientFrameSource : IFrameSource
{
    private readonly Func<IFrameSource> _factory;
    private readonly ReconnectPolicy _policy;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private CameraState _state;

    public ResilientFrameSource(Func<IFrameSource> factory, string description, ReconnectPolicy? policy = null, TimeProvider? time = null, Random? random = null)
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        Description = description;
        _policy = policy ?? ReconnectPolicy.Default;
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _state = CameraState.Opening(_time.GetUtcNow());
    }

    /// <summary>Raised on the reading thread at every change of <see cref="State"/>.</summary>
    public event Action<CameraState>? StateChanged;

    public string Description { get; }

    /// <summary>The current state, safe to read from any thread (for health checks).</summary>
    public CameraState State => Volatile.Read(ref _state);

    /// <summary>A resilient source over <paramref name="spec"/>.</summary>
    public static ResilientFrameSource For(FrameSourceSpec spec, FrameSourceOptions? options = null, ReconnectPolicy? policy = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= FrameSourceOptions.Default;
        return new ResilientFrameSource(() => spec.CreateSource(options), spec.ToString(), policy, options.Time, random);
    }

    public async IAsyncEnumerator<Frame> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        long index = 0;
        var failures = 0;
        try
        {
            while (true)
            {
                SetState(CameraState.Opening(_time.GetUtcNow()));
                var (enumerator, error) = StartReading(cancellationToken);
                if (enumerator is not null)
                {
                    try
                    {
                        while (true)
                        {
                            (var frame, error) = await NextAsync(enumerator, cancellationToken).ConfigureAwait(false);
                            if (frame is null)
                            {
                                break;
                            }

                            if (State.Status != CameraStatus.Streaming)
                            {
                                SetState(CameraState.Streaming(_time.GetUtcNow()));
                                failures = 0;
                            }

                            yield return frame.WithIndex(index++);
                        }
                    }
                    finally
                    {
                        await DisposeQuietlyAsync(enumerator).ConfigureAwait(false);
                    }
                }

                if (error is null)
                {
                    yield break;
                }

                failures++;
                var delay = _policy.DelayAfter(failures, _random);
                SetState(CameraState.Reconnecting(_time.GetUtcNow(), error, failures, delay));
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            SetState(CameraState.Ended(_time.GetUtcNow()));
        }
    }

    private (IAsyncEnumerator<Frame>? Enumerator, Exception? Error) StartReading(CancellationToken cancellationToken)
    {
        try
        {
            return (_factory().GetAsyncEnumerator(cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, e);
        }
    }

    /// <summary>The next frame; (null, null) at a normal end; (null, error) when the source failed. Cancellation propagates.</summary>
    private static async Task<(Frame? Frame, Exception? Error)> NextAsync(IAsyncEnumerator<Frame> enumerator, CancellationToken cancellationToken)
    {
        try
        {
            return await enumerator.MoveNextAsync().ConfigureAwait(false) ? (enumerator.Current, null) : (null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, e);
        }
    }

    private static async Task DisposeQuietlyAsync(IAsyncEnumerator<Frame> enumerator)
    {
        try
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The source is being abandoned for a fresh one; a failure to close it changes nothing.
        }
    }

    private void SetState(CameraState state)
    {
        Volatile.Write(ref _state, state);
        StateChanged?.Invoke(state);
    }
}
