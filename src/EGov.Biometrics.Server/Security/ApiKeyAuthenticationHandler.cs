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

        // A key verified recently passes from memory; only a miss costs a lookup. A flood of wrong keys from one
        // address is then refused before it reaches the key store, while the desks behind that address go on.
        var key = values.ToString();
        if (credentials.Authenticate(key, lookUp: false) is { } known)
        {
            return Task.FromResult(Success(known));
        }

        var address = FailedAuthenticationLimiter.AddressOf(Context);
        if (failures.IsBlocked(address))
        {
            return Task.FromResult(AuthenticateResult.Fail(new AuthenticationFloodException()));
        }

        if (credentials.Authenticate(key) is { } credential)
        {
            return Task.FromResult(Success(credential));
        }

        failures.Record(address);
        return Task.FromResult(AuthenticateResult.Fail($"The API key in the '{Header}' header is unknown, revoked or malformed."));
    }

    private static AuthenticateResult Success(Credential credential) =>
        AuthenticateResult.Success(new AuthenticationTicket(CredentialPrincipal.Create(credential, SchemeName), SchemeName));
}
