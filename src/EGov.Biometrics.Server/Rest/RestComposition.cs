using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Server.Security;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.OpenApi.Models;

namespace EGov.Biometrics.Server.Rest;

/// <summary>
/// REST/JSON for integrations: gRPC JSON transcoding of the methods the .proto files give a google.api.http route (the
/// same services, so the same authorization policies, rate limits, request-size gate and audit), errors as RFC 9457
/// problem details, and the OpenAPI document of those routes at <see cref="OpenApiRoute"/>.
/// </summary>
internal static class RestComposition
{
    public const string OpenApiRoute = "/openapi/{documentName}.json";
    public const string DocumentName = "v1";

    public static void AddEgovRest(this IServiceCollection services, IGrpcServerBuilder grpc)
    {
        // Every field is written, defaults included: an integration reads "match": false, not a missing member.
        grpc.AddJsonTranscoding(transcoding => transcoding.JsonSettings = new GrpcJsonSettings { IgnoreDefaultValues = false });
        services.AddProblemDetails();
        services.AddGrpcSwagger();
        services.AddSwaggerGen(openApi =>
        {
            openApi.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "EGov.Biometrics",
                Version = DocumentName,
                Description = "Face verification (1:1) and identification (1:N) against the registry of enrolled citizens: the REST/JSON form of the "
                    + "gRPC package egov.biometrics.v1. Every call needs an API key in the x-api-key header (or a registered client certificate); "
                    + "errors are RFC 9457 problem details.",
            });

            // Only the transcoded gRPC methods: the console's own endpoints are no integration surface.
            openApi.DocInclusionPredicate((_, api) => api.ActionDescriptor.EndpointMetadata.OfType<GrpcJsonTranscodingMetadata>().Any());
            var apiKey = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.Header,
                Description = "An API key (egov-bio keys create); its role decides which routes it may call.",
                Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = ApiKeyAuthenticationHandler.Header },
            };
            openApi.AddSecurityDefinition(ApiKeyAuthenticationHandler.Header, apiKey);
            openApi.AddSecurityRequirement(new OpenApiSecurityRequirement { [apiKey] = [] });
            openApi.OperationFilter<ProblemDetailsInOpenApi>();
            openApi.DocumentFilter<ProblemDetailsInOpenApi>();
        });
    }

    /// <summary>After the security middleware: transcoding's errors become problem details; the OpenAPI document is mapped.</summary>
    public static void UseEgovRest(this WebApplication app)
    {
        app.UseMiddleware<TranscodingProblemDetails>();

        // It holds no data, only the shape of the published .proto contracts, yet the server hands its shape to no
        // stranger (reflection is off by default): any valid credential reads it, and every integrator holds one.
        app.MapSwagger(OpenApiRoute).RequireAuthorization(SecurityComposition.AnyCredentialPolicy).WithMetadata(RestEndpoint.Metadata);
    }
}
