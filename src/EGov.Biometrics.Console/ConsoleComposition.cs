using System.Threading.RateLimiting;
using EGov.Biometrics.Console.Components;
using EGov.Biometrics.Console.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Console;

/// <summary>
/// The console on the server's host: Blazor with interactive server rendering, anti-forgery on every form, a
/// stricter limit on sign-in attempts (each costs a password hash), and the session endpoints (sign-out, language).
/// Authentication and the policies are the host's (see the server's SecurityComposition).
/// </summary>
public static class ConsoleComposition
{
    public const string SignInLimit = "sign-in";

    /// <summary>Sign-in attempts one address may make per second (bursts of ten): a wall against password spraying and hash floods.</summary>
    public const int SignInsPerSecond = 2;

    /// <summary>The largest photo a browser may hand the console (camera frame or upload).</summary>
    public const long MaxPhotoBytes = 8 * 1024 * 1024;

    public static IServiceCollection AddEgovConsole(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<ConsoleActivity>();
        services.AddScoped<AuthenticationStateProvider, PersonRevalidation>();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "__Host-egov-antiforgery";
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.Configure<RateLimiterOptions>(limiting => limiting.AddPolicy(SignInLimit, context =>
            HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 5 * SignInsPerSecond,
                    TokensPerPeriod = SignInsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("read")));
        return services;
    }

    public static void MapEgovConsole(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        // Pages and the live connection need a signed-in person (pages add their use case's policy); Blazor's own
        // script is public, since the sign-in page loads it too.
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .Add(endpoint => endpoint.Metadata.Add(IsFrameworkFile(endpoint) ? new AllowAnonymousAttribute() : new AuthorizeAttribute(PersonSession.SignedInPolicy)));

        var session = app.MapGroup("/session").RequireAuthorization(PersonSession.SignedInPolicy);
        session.MapPost("/signout", SignOutAsync);
        session.MapPost("/language", ChangeLanguageAsync);
        app.MapGet("/audit/export.csv", AuditExport.WriteAsync).RequireAuthorization(Service.Access.AccessPolicies.ReadAudit);
    }

    private static bool IsFrameworkFile(EndpointBuilder endpoint) =>
        endpoint is RouteEndpointBuilder route && route.RoutePattern.RawText?.TrimStart('/').StartsWith("_framework/", StringComparison.Ordinal) == true;

    private static async Task<IResult> SignOutAsync(HttpContext context, [FromServices] IAntiforgery antiforgery, [FromServices] Service.Access.People people)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("The form carried no valid anti-forgery token: reload the page and try again.");
        }

        if (PersonSession.Current(people, context.User) is { } person)
        {
            await people.SignOutAsync(person, "signed-out");
        }

        await context.SignOutAsync(PersonSession.Scheme);
        return Results.Redirect("/signin");
    }

    private static async Task<IResult> ChangeLanguageAsync(HttpContext context, [FromServices] IAntiforgery antiforgery, [FromServices] Service.Access.People people)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("The form carried no valid anti-forgery token: reload the page and try again.");
        }

        var form = await context.Request.ReadFormAsync();
        var language = form["language"].ToString();
        if (!Localization.ConsoleText.Languages.Any(l => l.Code == language))
        {
            return Results.BadRequest("The language must be one of en, ru, uz.");
        }

        if (PersonSession.Current(people, context.User) is not { } person)
        {
            return Results.Redirect("/signin");
        }

        await people.SetLanguageAsync(person.Username, language);
        await context.SignInAsync(PersonSession.Scheme, PersonSession.Principal(person with { Language = language }));

        // Back to the page it came from, and only to a page of this console.
        var back = form["returnUrl"].ToString();
        return Results.LocalRedirect(LocalUrl.IsLocal(back) ? back : "/");
    }
}
