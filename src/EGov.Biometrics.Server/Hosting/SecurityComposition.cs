using System.Net;
using System.Threading.RateLimiting;
using EGov.Biometrics.Console.Security;
using EGov.Biometrics.Server.Rest;
using EGov.Biometrics.Server.Security;
using EGov.Biometrics.Service.Access;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace EGov.Biometrics.Server.Hosting;

/// <summary>
/// Authentication (API key, else client certificate, else a person's console session cookie), one authorization policy per use case from
/// <see cref="AccessPolicies"/>, and rate limiting partitioned by credential: ASP.NET Core's own middleware,
/// which any other front end on this host (the web console) shares.
/// </summary>
internal static class SecurityComposition
{
    public const string CredentialScheme = "Credential";

    /// <summary>Prometheus' /metrics: a scraper on this machine, or a caller whose API key may read statistics.</summary>
    public const string MetricsPolicy = "metrics";

    /// <summary>Any valid API key or client certificate, whatever its role (the OpenAPI document).</summary>
    public const string AnyCredentialPolicy = "any-credential";
    private const int FailedAuthenticationsPerSecond = 20;

    public static void AddEgovSecurity(this IServiceCollection services, ServerOptions options)
    {
        var limiter = new CredentialRateLimiter(options.RequestsPerSecondPerKey);
        services.AddSingleton(limiter);
        services.AddSingleton(new FailedAuthenticationLimiter(FailedAuthenticationsPerSecond));
        services.AddSingleton(new LargeRequestLimits(options.MaxLargeRequests, options.MaxLargeRequestsPerConnection, options.MaxLargeRequestsPerCredential));
        services.AddAuthentication(CredentialScheme)
            .AddPolicyScheme(CredentialScheme, "API key, client certificate or a person's session", scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? ApiKeyAuthenticationHandler.SchemeName
                : GrpcStatusResponse.IsGrpc(context) || RestEndpoint.Is(context) || !options.Console ? ClientCertificateAuthenticationHandler.SchemeName
                : PersonSession.Scheme)
            .AddCookie(PersonSession.Scheme, PersonSession.Configure)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ClientCertificateAuthenticationHandler>(ClientCertificateAuthenticationHandler.SchemeName, null);

        services.AddAuthorization(authorization =>
        {
            // Each policy asks the domain's table, so the rule has one implementation for every front end.
            foreach (var name in AccessPolicies.Admitted.Keys)
            {
                authorization.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                    CredentialPrincipal.CredentialOf(context.User) is { } credential && AccessPolicies.Admits(name, credential.Role, credential.BoundDesk.Length > 0)));
            }

            // The console's pages and its live connection: any signed-in person; each page adds its use case's policy.
            authorization.AddPolicy(PersonSession.SignedInPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                CredentialPrincipal.CredentialOf(context.User) is { } credential && PersonSession.IsPerson(credential)));

            // The figures say how busy each desk and method is: open to a loopback scraper, else a credential is asked
            // for (x-api-key; its challenge is a plain 401, not the console's sign-in page).
            authorization.AddPolicy(MetricsPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAssertion(context =>
                (context.Resource is HttpContext http && IsLoopback(http.Connection.RemoteIpAddress))
                || (CredentialPrincipal.CredentialOf(context.User) is { } credential && AccessPolicies.Admits(AccessPolicies.ReadStatistics, credential.Role, credential.BoundDesk.Length > 0))));

            authorization.AddPolicy(AnyCredentialPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                CredentialPrincipal.CredentialOf(context.User) is { } credential && !PersonSession.IsPerson(credential)));

            // An endpoint that names no policy is for administrators alone.
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.Admin).Build();
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();

        services.AddRateLimiter(limiting =>
        {
            // Before authorization: an authenticated call spends its credential's budget, an anonymous one its address's.
            limiting.GlobalLimiter = limiter.Limiter.WithTranslatedKey<HttpContext>(
                context => CredentialPrincipal.CredentialOf(context.User)?.Id ?? $"address:{context.Connection.RemoteIpAddress}", leaveOpen: true);
            limiting.OnRejected = (rejected, _) =>
            {
                var message = CredentialPrincipal.CredentialOf(rejected.HttpContext.User) is null
                    ? $"Rate limit: at most {limiter.PerSecond} requests per second from one address without a valid credential; retry shortly."
                    : limiter.RefusalMessage;
                if (ApiRefusal.IsApiCall(rejected.HttpContext))
                {
                    return new ValueTask(ApiRefusal.WriteAsync(rejected.HttpContext, StatusCode.ResourceExhausted, message));
                }

                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return new ValueTask(rejected.HttpContext.Response.WriteAsync(message));
            };
        });
    }

    public static void UseEgovSecurity(this WebApplication app)
    {
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        // Only now, with the caller known and admitted, may a large body be read (and then a bounded number at once).
        app.UseMiddleware<LargeRequestGate>();
    }

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
