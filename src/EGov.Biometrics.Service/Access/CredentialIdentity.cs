using System.Security.Claims;

namespace EGov.Biometrics.Service.Access;

/// <summary>
/// The claims identity of an authenticated credential (name, role, and desk binding as claims, for ASP.NET Core)
/// that also carries the <see cref="Access.Credential"/> itself, so the rate limiter, the policies and
/// the services read it without scanning claims on every call.
/// </summary>
public sealed class CredentialIdentity : ClaimsIdentity
{
    /// <param name="extra">Further claims a front end keeps with the identity (a person's session stamp and language).</param>
    public CredentialIdentity(Credential credential, string scheme, IEnumerable<Claim>? extra = null)
        : base(ClaimsOf(credential).Concat(extra ?? []), scheme, ClaimTypes.NameIdentifier, ClaimTypes.Role) => Credential = credential;

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
