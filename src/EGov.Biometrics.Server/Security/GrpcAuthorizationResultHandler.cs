using EGov.Biometrics.Service.Access;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// Turns an authorization refusal of a gRPC call into Unauthenticated or PermissionDenied with a message
/// that says what to do; other requests get ASP.NET Core's default challenge and forbid. It runs before
/// the service reads a byte of the request body. A call with no credential at all spends its address's
/// failed-authentication budget like a wrong key, so an anonymous flood is refused with ResourceExhausted.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler(FailedAuthenticationLimiter failures) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !GrpcStatusResponse.IsGrpc(context))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            // The authentication middleware kept its result; no second authentication.
            var failure = (context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult ?? await context.AuthenticateAsync()).Failure ?? Anonymous(context);
            await GrpcStatusResponse.WriteAsync(context, failure is AuthenticationFloodException ? StatusCode.ResourceExhausted : StatusCode.Unauthenticated,
                failure?.Message ?? $"A valid API key in the '{ApiKeyAuthenticationHandler.Header}' header or a registered client certificate is required.");
            return;
        }

        var name = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? string.Empty;
        var role = CredentialPrincipal.CredentialOf(context.User)?.Role ?? "anonymous";
        await GrpcStatusResponse.WriteAsync(context, StatusCode.PermissionDenied, AccessPolicies.Refusal(name, role, context.Request.Path));
    }

    // No credential was presented: counted as a failure; once the address's budget is spent, refused as a flood.
    private AuthenticationFloodException? Anonymous(HttpContext context)
    {
        var address = FailedAuthenticationLimiter.AddressOf(context);
        if (failures.IsBlocked(address))
        {
            return new AuthenticationFloodException();
        }

        failures.Record(address);
        return null;
    }
}
