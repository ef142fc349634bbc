using System.Net;
using System.Text.Json;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Server.Hosting;
using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// The REST/JSON routes (gRPC JSON transcoding) called with a plain HttpClient, as another government system would: the
/// same decisions, policies and audit as over gRPC, and every refusal as RFC 9457 problem details naming the problem.
/// </summary>
public sealed class RestApiTests(RunningServer server) : IClassFixture<RunningServer>
{
    private const string Citizen = "81234567890123";

    [Fact(Timeout = 180_000)]
    public async Task A_citizen_enrolled_over_REST_is_verified_from_a_second_photo_identified_and_listed_and_a_stranger_is_not()
    {
        using var rest = new RestClient(server);
        var enrolled = await rest.SendAsync(HttpMethod.Post, "/v1/subjects", "enroller", new { pinfl = Citizen, probes = new[] { Photo(1) } });
        Assert.True(enrolled.Status == HttpStatusCode.OK, enrolled.Text);
        Assert.Equal(Citizen, enrolled.Json.GetProperty("pinfl").GetString());
        var templateIds = enrolled.Json.GetProperty("templateIds").EnumerateArray().Select(t => t.GetInt64()).ToList();
        Assert.Single(templateIds);

        // sample3 is a second photo of sample1's person; sample5 is someone else. The body is the one the issue names.
        var genuine = await rest.SendAsync(HttpMethod.Post, "/v1/verify", "operator", new { pinfl = Citizen, probe = Photo(3) }, desk: "rest-desk-1");
        var stranger = await rest.SendAsync(HttpMethod.Post, "/v1/verify", "operator", new { pinfl = Citizen, probe = Photo(5) }, desk: "rest-desk-1");

        Assert.True(genuine.Status == HttpStatusCode.OK, genuine.Text);
        Assert.Equal("application/json", genuine.ContentType?.MediaType);
        Assert.False(genuine.Json.GetProperty("livenessFailed").GetBoolean(), genuine.Text);
        Assert.True(genuine.Json.GetProperty("match").GetBoolean(), genuine.Text);
        Assert.Equal(1e-4, genuine.Json.GetProperty("operatingPoint").GetProperty("fmr").GetDouble());
        Assert.True(stranger.Status == HttpStatusCode.OK, stranger.Text);
        Assert.True(stranger.Json.GetProperty("enrolled").GetBoolean());
        Assert.False(stranger.Json.GetProperty("match").GetBoolean(), stranger.Text); // written although false: every field is
        Assert.Equal(0, stranger.Json.GetProperty("similarity").GetDouble()); // an operator gets the decision, not the score, as over gRPC

        // The audit records each REST decision as it does a gRPC one: the credential, its role, the desk, the outcome, the score.
        using (var connection = server.Data.Database.Open())
        {
            Assert.True(AuditLog.Verify(connection, server.Data.Keys.AuditKey, AuditAnchor.Load(server.Data.PathOf(DataDirectory.AuditAnchorFile))).Intact);
            var entries = AuditLog.Read(connection).ToDictionary(e => e.Seq, e => e.Entry);
            var operatorId = server.Keys["operator"].Split('_')[1];
            foreach (var (answer, decision) in new[] { (genuine, "match"), (stranger, "no-match") })
            {
                var entry = entries[answer.Json.GetProperty("decisionId").GetInt64()];
                Assert.Equal((Citizen, decision, "operator", "rest-desk-1"), (entry.Subject, entry.Decision, entry.Role, entry.Desk));
                Assert.Contains(operatorId, entry.Caller, StringComparison.Ordinal);
                Assert.NotNull(entry.Score);
            }

            Assert.Equal("enroller", entries[enrolled.Json.GetProperty("decisionId").GetInt64()].Role);
        }

        var identified = await rest.SendAsync(HttpMethod.Post, "/v1/identify", "supervisor", new { probe = Photo(3), k = 3 });
        Assert.True(identified.Status == HttpStatusCode.OK, identified.Text);
        Assert.Equal(Citizen, identified.Json.GetProperty("candidates")[0].GetProperty("pinfl").GetString());
        Assert.Equal("exact", identified.Json.GetProperty("searchMethod").GetString()); // a small gallery is scanned whole

        var subject = await rest.SendAsync(HttpMethod.Get, $"/v1/subjects/{Citizen}", "supervisor");
        Assert.True(subject.Status == HttpStatusCode.OK, subject.Text);
        Assert.Equal(templateIds, subject.Json.GetProperty("templateIds").EnumerateArray().Select(t => t.GetInt64()));
        var page = await rest.SendAsync(HttpMethod.Get, "/v1/subjects?pageSize=100", "supervisor");
        Assert.True(page.Status == HttpStatusCode.OK, page.Text);
        Assert.Contains(Citizen, page.Json.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("pinfl").GetString()));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_batch_enrolled_over_REST_answers_each_item_and_a_retry_replays_instead_of_enrolling_again()
    {
        using var rest = new RestClient(server);
        var batch = new
        {
            items = new[]
            {
                new { idempotencyKey = "rest-batch-1", pinfl = "81234567890201", probes = new[] { Photo(4) } },
                new { idempotencyKey = "rest-batch-2", pinfl = "81234567890202", probes = new[] { Photo(6) } },
                new { idempotencyKey = "rest-batch-3", pinfl = "81234567890203", probes = new[] { Photo(4) } },
                new { idempotencyKey = "rest-batch-4", pinfl = "81234567890204", probes = new[] { Photo(2) } }, // sample2's face is turned away
            },
        };

        var first = await rest.SendAsync(HttpMethod.Post, "/v1/subjects:batch", "enroller", batch);
        var again = await rest.SendAsync(HttpMethod.Post, "/v1/subjects:batch", "enroller", batch);

        Assert.True(first.Status == HttpStatusCode.OK, first.Text);
        var results = first.Json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([true, true, false, false], results.Select(r => r.GetProperty("enrolled").GetBoolean()));
        Assert.Equal("ENROLL_REFUSAL_DUPLICATE_IN_BATCH", results[2].GetProperty("refusal").GetString());
        Assert.Equal(1, results[2].GetProperty("duplicateOfItem").GetInt32());
        Assert.Equal("ENROLL_REFUSAL_CAPTURE_GATES", results[3].GetProperty("refusal").GetString());
        Assert.Contains(results[3].GetProperty("gateFailures").EnumerateArray(), f => f.GetString()!.Contains("head turned", StringComparison.Ordinal));
        Assert.True(again.Status == HttpStatusCode.OK, again.Text);
        var retried = again.Json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([true, true], retried.Take(2).Select(r => r.GetProperty("replayed").GetBoolean()));
        Assert.Equal(
            results.Take(2).Select(r => r.GetProperty("templateIds")[0].GetInt64()),
            retried.Take(2).Select(r => r.GetProperty("templateIds")[0].GetInt64()));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_desk_list_shows_a_connected_desk_to_a_supervisor_and_refuses_an_operator()
    {
        using var rest = new RestClient(server);
        using var call = new Desks.DesksClient(server.Channel).Connect(await DeskStreamTests.KeyOf(server, "device", "rest-desk-9"));
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = new AgentHello { DeskId = "rest-desk-9", AgentVersion = "test", ModelId = "faceplugin-arcface-r512", Centre = "Centre R" } });
        Assert.True(await call.ResponseStream.MoveNext());

        var desks = await rest.SendAsync(HttpMethod.Get, "/v1/desks", "supervisor");
        var operatorView = await rest.SendAsync(HttpMethod.Get, "/v1/desks", "operator");

        Assert.True(desks.Status == HttpStatusCode.OK, desks.Text);
        var desk = desks.Json.GetProperty("desks").EnumerateArray().Single(d => d.GetProperty("desk").GetString() == "rest-desk-9");
        Assert.True(desk.GetProperty("online").GetBoolean());
        Assert.Equal("Centre R", desk.GetProperty("centre").GetString());
        operatorView.AssertProblem(HttpStatusCode.Forbidden, "operator");
        await call.RequestStream.CompleteAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Refusals_and_bad_input_are_problem_details_that_name_the_problem()
    {
        using var rest = new RestClient(server);
        var body = new { pinfl = "83234567890123", probe = new { image = "AAAA" } };

        var noKey = await rest.SendAsync(HttpMethod.Post, "/v1/verify", null, body);
        var unknownKey = await rest.SendRawAsync(HttpMethod.Post, "/v1/verify", "egov_000000000000_nope", JsonSerializer.Serialize(body));
        var wrongRole = await rest.SendAsync(HttpMethod.Post, "/v1/identify", "operator", new { probe = new { image = "AAAA" }, k = 1 });
        var deviceEnrols = await rest.SendAsync(HttpMethod.Post, "/v1/subjects", "device", new { pinfl = "83234567890123", probes = new[] { new { image = "AAAA" } } });
        var badPinfl = await rest.SendAsync(HttpMethod.Post, "/v1/verify", "operator", new { pinfl = "123", probe = new { image = "AAAA" } });
        var brokenJson = await rest.SendRawAsync(HttpMethod.Post, "/v1/verify", server.Keys["operator"], "{\"pinfl\": \"83234567890123\", ");
        var notBase64 = await rest.SendRawAsync(HttpMethod.Post, "/v1/verify", server.Keys["operator"], "{\"pinfl\": \"83234567890123\", \"probe\": {\"image\": \"not base64!\"}}");
        var notAnImage = await rest.SendAsync(HttpMethod.Post, "/v1/verify", "operator", body);
        var unknownSubject = await rest.SendAsync(HttpMethod.Get, "/v1/subjects/83234567890123", "supervisor");
        var pageTooLarge = await rest.SendAsync(HttpMethod.Get, "/v1/subjects?pageSize=5000", "supervisor");

        noKey.AssertProblem(HttpStatusCode.Unauthorized, "x-api-key");
        Assert.Equal("Unauthenticated", noKey.Json.GetProperty("grpcStatus").GetString());
        unknownKey.AssertProblem(HttpStatusCode.Unauthorized, "unknown, revoked or malformed");
        wrongRole.AssertProblem(HttpStatusCode.Forbidden, "operator");
        Assert.Equal("PermissionDenied", wrongRole.Json.GetProperty("grpcStatus").GetString());
        deviceEnrols.AssertProblem(HttpStatusCode.Forbidden, "device");
        badPinfl.AssertProblem(HttpStatusCode.BadRequest, "14 digits");
        Assert.Equal("InvalidArgument", badPinfl.Json.GetProperty("grpcStatus").GetString());
        brokenJson.AssertProblem(HttpStatusCode.BadRequest, "not a valid JSON VerifyRequest");
        notBase64.AssertProblem(HttpStatusCode.BadRequest, "base64");
        Assert.Equal(HttpStatusCode.BadRequest, notAnImage.Status);
        Assert.Equal("application/problem+json", notAnImage.ContentType?.MediaType);
        unknownSubject.AssertProblem(HttpStatusCode.NotFound, "83234567890123");
        pageTooLarge.AssertProblem(HttpStatusCode.BadRequest, "page_size");

        // Prometheus counts REST calls by route and the gRPC status their answer stands for, refusals included.
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"{server.MetricsUrl}/metrics");
        Assert.Contains("egov_rpc_requests_total{method=\"POST /v1/verify\",status=\"Unauthenticated\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("egov_rpc_requests_total{method=\"POST /v1/verify\",status=\"InvalidArgument\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("egov_rpc_requests_total{method=\"GET /v1/subjects/{pinfl}\",status=\"NotFound\"}", metrics, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_body_is_not_parsed_before_authentication_and_one_over_the_limit_is_refused_413_from_its_length_alone()
    {
        using var rest = new RestClient(server);

        // Parsed, this would be a 400; without a key it is refused from the headers.
        var garbage = await rest.SendRawAsync(HttpMethod.Post, "/v1/verify", null, "this is not JSON");
        var strangerOversized = await rest.SendOversizedAsync("/v1/verify", apiKey: null);
        var oversized = await rest.SendOversizedAsync("/v1/verify", server.Keys["operator"]);

        garbage.AssertProblem(HttpStatusCode.Unauthorized, "x-api-key");
        strangerOversized.Answer.AssertProblem(HttpStatusCode.Unauthorized, "x-api-key");
        oversized.Answer.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "at most");
        Assert.False(strangerOversized.BodySent, "the server asked for the body of a caller it had not authenticated");
        Assert.False(oversized.BodySent, "the server asked for a body its length already ruled out");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_OpenAPI_document_lists_the_REST_routes_with_problem_details_to_any_credential_and_no_stranger()
    {
        using var rest = new RestClient(server);

        var document = await rest.SendAsync(HttpMethod.Get, "/openapi/v1.json", "operator");
        var stranger = await rest.SendAsync(HttpMethod.Get, "/openapi/v1.json", null);

        Assert.True(document.Status == HttpStatusCode.OK, document.Text);
        var paths = document.Json.GetProperty("paths");
        var verify = paths.GetProperty("/v1/verify").GetProperty("post");
        Assert.EndsWith("/VerifyRequest", verify.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
        Assert.True(verify.GetProperty("responses").GetProperty("default").GetProperty("content").TryGetProperty("application/problem+json", out _));
        foreach (var route in new[] { "/v1/identify", "/v1/subjects", "/v1/subjects/{pinfl}", "/v1/desks", "/v1/statistics" })
        {
            Assert.True(paths.TryGetProperty(route, out _), route);
        }

        var schemas = document.Json.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("VerifyRequest").GetProperty("properties").TryGetProperty("pinfl", out _));
        Assert.True(schemas.GetProperty("Probe").GetProperty("properties").TryGetProperty("image", out _));
        Assert.Equal("header", document.Json.GetProperty("components").GetProperty("securitySchemes").GetProperty("x-api-key").GetProperty("in").GetString());
        stranger.AssertProblem(HttpStatusCode.Unauthorized, "x-api-key");
    }

    private static object Photo(int sample) => new { image = Convert.ToBase64String(SamplePortraits.Bytes(sample)) };
}

/// <summary>The rate limit per key, over REST: its own server, one request per second per key.</summary>
public sealed class RestRateLimitTests(ThrottledServer server) : IClassFixture<ThrottledServer>
{
    [Fact(Timeout = 60_000)]
    public async Task A_flood_from_one_key_is_refused_429_as_problem_details_and_another_key_goes_on()
    {
        using var rest = new RestClient(server);
        // Sent at once, not one after another: on a slow machine a call that takes a second lets a token back in.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => rest.SendAsync(HttpMethod.Get, "/v1/subjects/84234567890123", "supervisor")));
        var seconds = clock.Elapsed.TotalSeconds;

        // The burst of two passes (not enrolled: 404; one more for each second the calls took); the rest are refused.
        var passed = answers.Count(a => a.Status == HttpStatusCode.NotFound);
        Assert.InRange(passed, 2, 2 + (int)Math.Ceiling(seconds));
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests, $"{(int)a.Status}: {a.Text}"));
        var refused = answers.FirstOrDefault(a => a.Status == HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused);
        refused.AssertProblem(HttpStatusCode.TooManyRequests, "per API key");
        Assert.Equal("ResourceExhausted", refused.Json.GetProperty("grpcStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await rest.SendAsync(HttpMethod.Get, "/v1/subjects/84234567890123", "admin")).Status);
    }
}

/// <summary>The cap on large requests read at once, over REST: its own server that reads one at a time.</summary>
public sealed class RestLargeRequestCapTests(OneLargeRequestServer server) : IClassFixture<OneLargeRequestServer>
{
    [Fact(Timeout = 120_000)]
    public async Task Concurrent_large_bodies_beyond_the_cap_are_refused_429_and_the_others_are_read()
    {
        using var rest = new RestClient(server);
        var json = JsonSerializer.Serialize(new { pinfl = "58888888888888", probe = new { image = Convert.ToBase64String(new byte[1536 * 1024]) } });

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => rest.SendRawAsync(HttpMethod.Post, "/v1/verify", server.Keys["admin"], json)));

        // Every call got a clear answer: the image was read and refused (zeros are no image), or the call was refused unread.
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests, $"{(int)a.Status}: {a.Text}"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.BadRequest);
        answers.First(a => a.Status == HttpStatusCode.TooManyRequests).AssertProblem(HttpStatusCode.TooManyRequests, "large requests at once");
    }
}
