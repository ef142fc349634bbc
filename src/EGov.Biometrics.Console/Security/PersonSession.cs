using System.Security.Claims;
using EGov.Biometrics.Service.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Console.Security;

/// <summary>
/// A person's console session: a cookie (HttpOnly, Secure, SameSite=Strict, sliding idle timeout) that names the
/// person and the security stamp they signed in under. Every request re-reads the person, so disabling an account
/// or resetting its password ends its sessions; the principal is the same <see cref="CredentialIdentity"/> the
/// API's credentials make, so one table of policies governs both front ends.
/// </summary>
public static class PersonSession
{
    public const string Scheme = "Person";
    public const string SignedInPolicy = "signed-in-person";
    public const string StampClaim = "egov:stamp";
    public const string LanguageClaim = "egov:language";
    public const string CookieName = "__Host-egov-session";
    private const string PersonPrefix = "user:";

    /// <summary>A session with no request for this long ends (the cookie's sliding expiry; the live connection checks it too).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);

    public static bool IsPerson(Credential credential) => credential.Id.StartsWith(PersonPrefix, StringComparison.Ordinal);

    public static ClaimsPrincipal Principal(Person person) => new(new CredentialIdentity(person.Credential, Scheme,
    [
        new Claim(ClaimTypes.Name, person.Username),
        new Claim(StampClaim, person.SecurityStamp),
        new Claim(LanguageClaim, person.Language),
    ]));

    /// <summary>The person behind <paramref name="user"/> while their session is still good (account enabled, stamp unchanged); else null.</summary>
    public static Person? Current(People people, ClaimsPrincipal? user)
    {
        var name = user?.FindFirst(ClaimTypes.Name)?.Value;
        var stamp = user?.FindFirst(StampClaim)?.Value;
        return name is null || stamp is null ? null
            : people.Find(name) is { Disabled: false } person && person.SecurityStamp == stamp ? person : null;
    }

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = IdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = "/signin";
        options.AccessDeniedPath = "/denied";
        options.Events.OnValidatePrincipal = async context =>
        {
            var people = context.HttpContext.RequestServices.GetRequiredService<People>();
            if (Current(people, context.Principal) is { } person)
            {
                context.ReplacePrincipal(Principal(person));
                return;
            }

            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        };
    }
}
