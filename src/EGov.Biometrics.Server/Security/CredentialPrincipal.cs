using System.Security.Claims;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Server.Security;

/// <summary>A <see cref="Credential"/> as an ASP.NET Core principal (name, role and desk-binding claims), and back.</summary>
internal static class CredentialPrincipal
{
    public const string DeskClaim = "egov:desk";

    public static ClaimsPrincipal Create(Credential credential, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, credential.Id), new(ClaimTypes.Role, credential.Role) };
        if (credential.BoundDesk.Length > 0)
        {
            claims.Add(new Claim(DeskClaim, credential.BoundDesk));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.NameIdentifier, ClaimTypes.Role));
    }

    public static Credential? CredentialOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? new Credential(id, user.FindFirstValue(ClaimTypes.Role) ?? string.Empty, user.FindFirstValue(DeskClaim) ?? string.Empty)
            : null;
}
