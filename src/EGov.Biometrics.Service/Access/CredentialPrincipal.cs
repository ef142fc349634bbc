using System.Security.Claims;

namespace EGov.Biometrics.Service.Access;

/// <summary>A <see cref="Credential"/> as an ASP.NET Core principal (see <see cref="CredentialIdentity"/>), and back.</summary>
public static class CredentialPrincipal
{
    public const string DeskClaim = "egov:desk";

    public static ClaimsPrincipal Create(Credential credential, string scheme) => new(new CredentialIdentity(credential, scheme));

    public static Credential? CredentialOf(ClaimsPrincipal user) => (user.Identity as CredentialIdentity)?.Credential;
}
