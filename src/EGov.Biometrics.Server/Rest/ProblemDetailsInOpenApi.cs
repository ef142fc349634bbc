using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EGov.Biometrics.Server.Rest;

/// <summary>
/// The OpenAPI document says what the routes really answer on failure: RFC 9457 problem details
/// (<see cref="TranscodingProblemDetails"/>), not the google.rpc.Status that Grpc.Swagger describes for transcoding.
/// </summary>
internal sealed class ProblemDetailsInOpenApi : IOperationFilter, IDocumentFilter
{
    private const string DefaultResponse = "default";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses[DefaultResponse] = new OpenApiResponse
        {
            Description = "Refused or failed: problem details whose detail names the problem; grpcStatus is the status the same call gets over gRPC.",
            Content = { ["application/problem+json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) } },
        };
    }

    // google.rpc.Status (and the Any its details hold) were only the error body's schema.
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Components.Schemas.Remove("Status");
        swaggerDoc.Components.Schemas.Remove("Any");
    }
}
