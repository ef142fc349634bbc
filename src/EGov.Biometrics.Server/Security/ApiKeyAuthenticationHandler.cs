using System.Text.Encodings.Web;
using EGov.Biometrics.Service.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EGov.Biometrics.Server.Security;

/// <summary>Authenticates a request by the API key in its <c>x-api-key</c> header; no header: no result (the certificate may answer).</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Credentials credentials, FailedAuthenticationLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "x-api-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // A flood of wrong keys from one address is refused before it reaches the key store; keys verified
        // recently still pass (from memory), so the flood does not lock out the desks behind the same address.
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var blocked = failures.IsBlocked(address);
        if (credentials.Authenticate(values.ToString(), lookUp: !blocked) is { } credential)
        {
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(CredentialPrincipal.Create(credential, SchemeName), SchemeName)));
        }

        if (blocked)
        {
            return Task.FromResult(AuthenticateResult.Fail(FailedAuthenticationLimiter.Message));
        }

        failures.Record(address);
        return Task.FromResult(AuthenticateResult.Fail($"The API key in the '{Header}' header is unknown, revoked or malformed."));
    }
}
