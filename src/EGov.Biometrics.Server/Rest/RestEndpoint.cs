using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace EGov.Biometrics.Server.Rest;

/// <summary>
/// The REST surface: the JSON-transcoded gRPC methods and the OpenAPI document (which carries this as metadata). Its
/// callers authenticate by API key or client certificate only, never by a console session cookie (a browser would send
/// that along with a forged cross-site POST), and are refused with problem details rather than a sign-in redirect.
/// </summary>
internal sealed class RestEndpoint
{
    public static readonly RestEndpoint Metadata = new();

    private RestEndpoint()
    {
    }

    /// <summary>Whether the request was routed to the REST surface (routing has run).</summary>
    public static bool Is(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata && (metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null || metadata.GetMetadata<RestEndpoint>() is not null);
}
