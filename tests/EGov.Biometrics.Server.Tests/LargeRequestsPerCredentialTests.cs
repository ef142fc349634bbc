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
        var trickled = Enumerable.Range(0, 2).Select(_ => rest.SendAsync(Trickled(server.Keys["operator"], release.Task))).ToList();
        var large = $"{{\"pinfl\": \"58888888888888\", \"probe\": {{\"image\": \"{new string('A', 1400 * 1024)}\"}}}}";

        // The trickled requests take their permits once the server has read their headers: until then the operator's
        // next large request may still pass (and is answered at once, its zeros being no image).
        RestClient.Answer? refused = null;
        for (var attempt = 0; attempt < 40 && refused is null; attempt++)
        {
            var answer = await rest.SendRawAsync(HttpMethod.Post, "/v1/verify", server.Keys["operator"], large);
            refused = answer.Status == HttpStatusCode.TooManyRequests ? answer : null;
            await Task.Delay(refused is null ? 250 : 0);
        }

        var otherKey = await rest.SendRawAsync(HttpMethod.Post, "/v1/verify", server.Keys["supervisor"], large);
        release.SetResult();
        var released = await Task.WhenAll(trickled);

        Assert.NotNull(refused);
        refused.AssertProblem(HttpStatusCode.TooManyRequests, "2 per credential");
        otherKey.AssertProblem(HttpStatusCode.BadRequest, "not a recognised image");
        Assert.All(released, a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
    }

    // A verification whose chunked body goes out 400 bytes a second until released.
    private static HttpRequestMessage Trickled(string apiKey, Task release)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/verify") { Content = new TrickledBody(release) };
        request.Headers.Add("x-api-key", apiKey);
        return request;
    }

    private sealed class TrickledBody : HttpContent
    {
        private readonly Task _release;

        public TrickledBody(Task release)
        {
            _release = release;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"pinfl\": \"58888888888888\", \"probe\": {\"image\": \""));
            while (!_release.IsCompleted)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('A', 400)));
                await stream.FlushAsync();
                await Task.WhenAny(_release, Task.Delay(1000));
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
