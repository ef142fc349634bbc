using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// A plain <see cref="HttpClient"/> on a test server's REST routes, as an integration calls them: HTTP/1.1 over TLS with
/// the server's generated certificate pinned, an API key in <c>x-api-key</c> and the desk in <c>x-desk-id</c>.
/// </summary>
internal sealed class RestClient(RunningServer server) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        // A request that asks first (Expect: 100-continue) waits for the server's answer to its headers, however slow the machine.
        Expect100ContinueTimeout = TimeSpan.FromSeconds(30),
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), server.Data.Certificate.GetCertHash(HashAlgorithmName.SHA256)),
        },
    })
    { BaseAddress = new Uri(server.Address) };

    /// <summary>The key of <paramref name="role"/> (null: no key at all).</summary>
    public Task<Answer> SendAsync(HttpMethod method, string path, string? role, object? body = null, string desk = "rest-desk") =>
        SendRawAsync(method, path, role is null ? null : server.Keys[role], body is null ? null : JsonSerializer.Serialize(body), desk);

    public async Task<Answer> SendRawAsync(HttpMethod method, string path, string? apiKey, string? json, string desk = "rest-desk")
    {
        using var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        request.Headers.Add("x-desk-id", desk);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await SendAsync(request);
    }

    public async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, response.Content.Headers.ContentType, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    /// <summary>
    /// Posts a JSON body of 17 MiB (over the server's 16 MiB) that asks first (Expect: 100-continue): the body goes out only
    /// if the server starts reading it. Whether it went out is returned with the answer.
    /// </summary>
    public async Task<(Answer Answer, bool BodySent)> SendOversizedAsync(string path, string? apiKey)
    {
        var body = new UnsentBody(17 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Headers.ExpectContinue = true;
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        return (await SendAsync(request), body.Sent);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A JSON body of a given length that records whether it was asked for.</summary>
    private sealed class UnsentBody : HttpContent
    {
        private readonly long _length;

        public UnsentBody(long length)
        {
            _length = length;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public bool Sent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Sent = true;
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var left = _length; left > 0; left -= chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }

    /// <summary>A REST answer: its status, content type and JSON body.</summary>
    internal sealed record Answer(HttpStatusCode Status, MediaTypeHeaderValue? ContentType, JsonElement Json, string Text)
    {
        /// <summary>Asserts an RFC 9457 problem details answer with this status whose detail contains <paramref name="detail"/>.</summary>
        public void AssertProblem(HttpStatusCode status, string detail)
        {
            Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Text}");
            Assert.Equal("application/problem+json", ContentType?.MediaType);
            Assert.Equal((int)status, Json.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(Json.GetProperty("title").GetString()));
            Assert.Contains(detail, Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
