using EGov.Biometrics.Service.Access;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;

namespace EGov.Biometrics.Console.Security;

/// <summary>
/// A live console connection outlasts its cookie's requests, so it re-checks the person every 30 s: a disabled
/// account, a reset password or <see cref="PersonSession.IdleTimeout"/> without an action signs the page out
/// (an idle timeout is audited as such).
/// </summary>
public sealed class PersonRevalidation(ILoggerFactory logger, People people, ConsoleActivity activity, TimeProvider clock)
    : RevalidatingServerAuthenticationStateProvider(logger)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (PersonSession.Current(people, authenticationState.User) is not { } person)
        {
            return false;
        }

        if (clock.GetUtcNow() - activity.LastAction <= PersonSession.IdleTimeout)
        {
            return true;
        }

        await people.SignOutAsync(person, "idle-timeout");
        return false;
    }
}
