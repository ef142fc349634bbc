using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace EGov.Biometrics.Server.Tests;

/// <summary>A server that reads 4 large requests at once, at most 2 for one credential.</summary>
public sealed class TwoLargeRequestsPerCredentialServer : RunningServer
{
    protected override int MaxLargeRequests => 4;

    protected override int MaxLargeRequestsPerCredential => 2;
}

/// <summary>
/// A slowloris on the cap of large requests read at once (issue 13's attack pass): bodies sent as slowly as Kestrel allows
/// (just over 240 bytes/s) hold their permits for as long as they last, so 16 chunked REST bodies trickled by one operator
/// key refused every other caller's image upload with 429 for as long as the trickle went on. One credential now holds
/// only its share; others' uploads are read.
/// </summary>
public sealed class LargeRequestsPerCredentialTests(TwoLargeRequestsPerCredentialServer server) : IClassFixture<TwoLargeRequestsPerCredentialServer>
{
    [Fact(Timeout = 120_000)]
    public async Task Slow_bodies_from_one_key_hold_only_its_share_of_the_large_request_permits()
    {
        using var rest = new RestClient(server);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bodies = Enumerable.Range(0, 2).Select(_ => new TrickledBody(release.Task)).ToList();
        var trickled = bodies.Select(body => rest.SendAsync(Trickled(server.Keys["operator"], body))).ToList();

        // Each trickled body goes out only once the server asks for it (Expect: 100-continue), past the gate: both hold a permit.
        await Task.WhenAll(bodies.Select(b => b.Sending));
        var large = $"{{\"pinfl\": \"58888888888888\", \"probe\": {{\"image\": \"{new string('A', 1400 * 1024)}\"}}}}";
        var sameKey = await rest.SendRawAsync(HttpMethod.Post, "/v1/verify", server.Keys["operator"], large);
        var otherKey = await rest.SendRawAsync(HttpMethod.Post, "/v1/verify", server.Keys["supervisor"], large);
        release.SetResult();
        var released = await Task.WhenAll(trickled);

        sameKey.AssertProblem(HttpStatusCode.TooManyRequests, "2 per credential");
        otherKey.AssertProblem(HttpStatusCode.BadRequest, "not a recognised image");
        Assert.All(released, a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
    }

    // A verification whose chunked body goes out 400 bytes every 250 ms, once the server asks for it, until released.
    private static HttpRequestMessage Trickled(string apiKey, TrickledBody body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/verify") { Content = body };
        request.Headers.ExpectContinue = true;
        request.Headers.Add("x-api-key", apiKey);
        return request;
    }

    private sealed class TrickledBody : HttpContent
    {
        private readonly Task _release;
        private readonly TaskCompletionSource _sending = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TrickledBody(Task release)
        {
            _release = release;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        /// <summary>Completes when the body starts going out: the server has admitted the request and reads it.</summary>
        public Task Sending => _sending.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            _sending.TrySetResult();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"pinfl\": \"58888888888888\", \"probe\": {\"image\": \""));
            while (!_release.IsCompleted)
            {
                // 400 bytes every 250 ms, well above Kestrel's 240 bytes/s minimum even if a beat comes a second late.
                await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('A', 400)));
                await stream.FlushAsync();
                await Task.WhenAny(_release, Task.Delay(250));
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes("\"}}"));
        }

        // Unknown length: sent chunked, so the server counts it as large before a byte of it is read.
        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
