using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http.Features;

namespace EGov.Biometrics.Server.Rest;

/// <summary>
/// gRPC JSON transcoding answers a failed call with a google.rpc.Status body (<c>{"code": 3, "message": …}</c>) and the
/// mapped HTTP status, and offers no hook to change that: this middleware holds the REST routes' response back and, when it
/// is such an error, sends RFC 9457 problem details instead, with the same status and the message as <c>detail</c>.
/// Successful answers pass unchanged (they are single JSON messages: holding one costs a copy).
/// </summary>
internal sealed class TranscodingProblemDetails(RequestDelegate next)
{
    private const string UnreadableBody = "Request JSON payload is not correctly formatted.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!RestEndpoint.Is(context))
        {
            await next(context);
            return;
        }

        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var held = new MemoryStream();
        var holding = new StreamResponseBodyFeature(held, original);
        context.Features.Set<IHttpResponseBodyFeature>(holding);
        try
        {
            await next(context);
            await holding.CompleteAsync();
        }
        finally
        {
            context.Features.Set(original);
        }

        if (context.Response.StatusCode >= StatusCodes.Status400BadRequest && StatusOf(held) is { } status)
        {
            context.Response.Headers.ContentLength = null;
            await ProblemResponse.WriteAsync(context, context.Response.StatusCode, Explained(context, status.Message), status.Code);
            return;
        }

        held.Position = 0;
        context.Response.ContentLength = held.Length;
        await held.CopyToAsync(original.Stream, context.RequestAborted);
    }

    // Transcoding says no more than this of a body it could not read (the parser's reason stays inside it): say which
    // message was expected and what usually breaks it.
    private static string Explained(HttpContext context, string message) =>
        message == UnreadableBody && context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { } method
            ? $"The request body is not a valid JSON {method.MethodDescriptor.InputType.Name} message: malformed JSON, a value of the wrong type, or a bytes field (such as probe.image) that is not base64."
            : message;

    // The google.rpc.Status transcoding wrote, if that is what the body holds.
    private static (StatusCode Code, string Message)? StatusOf(MemoryStream body)
    {
        try
        {
            using var json = JsonDocument.Parse(new ReadOnlyMemory<byte>(body.GetBuffer(), 0, (int)body.Length));
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("code", out var code) && code.TryGetInt32(out var value)
                && json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? ((StatusCode)value, message.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
