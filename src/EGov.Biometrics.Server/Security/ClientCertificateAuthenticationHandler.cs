using System.Text.Encodings.Web;
using EGov.Biometrics.Service.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// Authenticates a request by the client certificate of its TLS connection. Trust is the certificate's
/// registered SHA-256 fingerprint, not a chain: devices carry self-signed or private-CA certificates, and an
/// unregistered or revoked one opens nothing. No certificate: no result.
/// </summary>
internal sealed class ClientCertificateAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Credentials credentials, FailedAuthenticationLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ClientCertificate";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Connection.ClientCertificate is not { } certificate)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // As for API keys: a recently verified certificate passes from memory, a flood of unknown ones stops costing lookups.
        if (credentials.Authenticate(certificate, lookUp: false) is { } known)
        {
            return Task.FromResult(Success(known));
        }

        var address = FailedAuthenticationLimiter.AddressOf(Context);
        if (failures.IsBlocked(address))
        {
            return Task.FromResult(AuthenticateResult.Fail(new AuthenticationFloodException()));
        }

        if (credentials.Authenticate(certificate) is { } credential)
        {
            return Task.FromResult(Success(credential));
        }

        failures.Record(address);
        return Task.FromResult(AuthenticateResult.Fail("The client certificate is not registered, it was revoked, or it is outside its validity period."));
    }

    private static AuthenticateResult Success(Credential credential) =>
        AuthenticateResult.Success(new AuthenticationTicket(CredentialPrincipal.Create(credential, SchemeName), SchemeName));
}
