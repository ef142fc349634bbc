using System.Collections.Concurrent;
using System.Diagnostics;
using EGov.Biometrics.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// Clients enrolling new subjects and identifying enrolled ones in a closed loop, each through its front end in turn,
/// recording every outcome (an enrolment is acknowledged when the call returns OK). Runs until stopped.
/// </summary>
public sealed class ClusterLoad
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<CallOutcome> _outcomes = new();
    private readonly ConcurrentBag<int> _acknowledged = [];
    private readonly ConcurrentDictionary<long, double> _inFlight = new();
    private long _calls;
    private int _next;

    /// <param name="firstNew">The first subject number the load enrols (those below are already enrolled and are probed).</param>
    public ClusterLoad(int firstNew) => _next = firstNew - 1;

    public double Now => _clock.Elapsed.TotalSeconds;

    public IReadOnlyCollection<int> Acknowledged => _acknowledged;

    public IReadOnlyList<CallOutcome> Outcomes => [.. _outcomes.OrderBy(o => o.At)];

    /// <summary>When the oldest call still waiting for its answer started; null when none is.</summary>
    public double? OldestInFlight => _inFlight.IsEmpty ? null : _inFlight.Values.Min();

    /// <summary>
    /// Whether the cluster has been fully back for the last <paramref name="window"/> seconds, all of them after
    /// <paramref name="faultAt"/>: every call that started in them succeeded (identify with every shard), some
    /// identify did, and no call is still waiting from before them.
    /// </summary>
    public bool Stable(double faultAt, double window)
    {
        var now = Now;
        var from = now - window;
        var recent = _outcomes.Where(o => o.At >= from).ToList();
        return from >= faultAt
            && recent.Any(o => o.Call == "identify")
            && recent.All(Recovery.Complete)
            && !_outcomes.Any(o => o.End >= from && !Recovery.Complete(o))
            && (OldestInFlight is not { } oldest || oldest >= from);
    }

    /// <summary>Runs <paramref name="clients"/> loops over the channels until <paramref name="stop"/> fires.</summary>
    public Task RunAsync(IReadOnlyList<GrpcChannel> frontEnds, Metadata caller, int probedSubjects, int clients, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var turn = client; !stop.IsCancellationRequested; turn++)
            {
                var frontEnd = turn % frontEnds.Count;
                await EnrolAsync(new Enrollment.EnrollmentClient(frontEnds[frontEnd]), caller, frontEnd);
                await IdentifyAsync(new Verification.VerificationClient(frontEnds[frontEnd]), caller, frontEnd, random.Next(probedSubjects), turn);
            }
        })));

    /// <summary>
    /// The acknowledged enrolments that no longer verify (no match, or the call fails), asked through each node in
    /// turn: after a fault, each must still be there, whichever front end is asked.
    /// </summary>
    public async Task<IReadOnlyList<string>> LostAsync(IReadOnlyList<NodeProcess> nodes, Metadata caller)
    {
        var channels = nodes.Select(s => s.OpenChannel()).ToArray();
        try
        {
            var lost = new List<string>();
            var i = 0;
            foreach (var subject in _acknowledged.Order())
            {
                var node = i++ % channels.Length;
                try
                {
                    var answer = await new Verification.VerificationClient(channels[node]).VerifyAsync(SyntheticSubjects.Verification(subject, 99), caller);
                    if (!answer.Match)
                    {
                        lost.Add($"{SyntheticSubjects.Pinfl(subject)} (no match through {nodes[node].Name})");
                    }
                }
                catch (RpcException e)
                {
                    lost.Add($"{SyntheticSubjects.Pinfl(subject)} ({e.StatusCode} through {nodes[node].Name}: {e.Status.Detail})");
                }
            }

            return lost;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private async Task EnrolAsync(Enrollment.EnrollmentClient client, Metadata caller, int frontEnd)
    {
        var subject = Interlocked.Increment(ref _next);
        var at = Now;
        var call = Interlocked.Increment(ref _calls);
        _inFlight[call] = at;
        try
        {
            await client.EnrollAsync(SyntheticSubjects.Enrolment(subject), caller, deadline: DateTime.UtcNow.AddSeconds(60));
            _acknowledged.Add(subject);
            _outcomes.Enqueue(new CallOutcome(at, Now, "enrol", frontEnd, StatusCode.OK, string.Empty));
        }
        catch (RpcException e)
        {
            _outcomes.Enqueue(new CallOutcome(at, Now, "enrol", frontEnd, e.StatusCode, e.Status.Detail));
        }
        finally
        {
            _inFlight.TryRemove(call, out _);
        }
    }

    private async Task IdentifyAsync(Verification.VerificationClient client, Metadata caller, int frontEnd, int subject, int draw)
    {
        var at = Now;
        var call = Interlocked.Increment(ref _calls);
        _inFlight[call] = at;
        try
        {
            var answer = await client.IdentifyAsync(SyntheticSubjects.Identification(subject, draw), caller, deadline: DateTime.UtcNow.AddSeconds(60));
            var found = answer.Candidates.Count > 0 && answer.Candidates[0].Pinfl == SyntheticSubjects.Pinfl(subject);
            _outcomes.Enqueue(new CallOutcome(at, Now, "identify", frontEnd, StatusCode.OK, string.Empty, answer.ShardsAnswered, answer.ShardsTotal, found));
        }
        catch (RpcException e)
        {
            _outcomes.Enqueue(new CallOutcome(at, Now, "identify", frontEnd, e.StatusCode, e.Status.Detail));
        }
        finally
        {
            _inFlight.TryRemove(call, out _);
        }
    }
}
