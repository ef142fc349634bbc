using System.Security.Claims;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Server.Security;

/// <summary>
/// The claims identity of an authenticated credential (name, role, and desk binding as claims, for ASP.NET Core)
/// that also carries the <see cref="Service.Access.Credential"/> itself, so the rate limiter, the policies and
/// the services read it without scanning claims on every call.
/// </summary>
internal sealed class CredentialIdentity : ClaimsIdentity
{
    public CredentialIdentity(Credential credential, string scheme)
        : base(ClaimsOf(credential), scheme, ClaimTypes.NameIdentifier, ClaimTypes.Role) => Credential = credential;

    public Credential Credential { get; }

    private static List<Claim> ClaimsOf(Credential credential)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, credential.Id), new(ClaimTypes.Role, credential.Role) };
        if (credential.BoundDesk.Length > 0)
        {
            claims.Add(new Claim(CredentialPrincipal.DeskClaim, credential.BoundDesk));
        }

        return claims;
    }
}
