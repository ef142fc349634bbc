using EGov.Biometrics.Service.Access;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// Turns an authorization refusal of an API call (gRPC, or a REST route: see <see cref="ApiRefusal"/>) into
/// Unauthenticated or PermissionDenied (401 or 403 problem details over REST) with a message that says what to do;
/// the console's pages get ASP.NET Core's default challenge and forbid. It runs before the service reads a byte of
/// the request body. A call with no credential at all spends its address's failed-authentication budget like a
/// wrong key, so an anonymous flood is refused with ResourceExhausted (429).
/// </summary>
internal sealed class GrpcAuthorizationResultHandler(FailedAuthenticationLimiter failures) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !ApiRefusal.IsApiCall(context))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            // The authentication middleware kept its result; no second authentication.
            var failure = (context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult ?? await context.AuthenticateAsync()).Failure ?? Anonymous(context);
            await ApiRefusal.WriteAsync(context, failure is AuthenticationFloodException ? StatusCode.ResourceExhausted : StatusCode.Unauthenticated,
                failure?.Message ?? $"A valid API key in the '{ApiKeyAuthenticationHandler.Header}' header or a registered client certificate is required.");
            return;
        }

        var name = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? string.Empty;
        var role = CredentialPrincipal.CredentialOf(context.User)?.Role ?? "anonymous";
        await ApiRefusal.WriteAsync(context, StatusCode.PermissionDenied, AccessPolicies.Refusal(name, role, context.Request.Path));
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
