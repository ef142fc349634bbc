using EGov.Biometrics.Console.Localization;
using EGov.Biometrics.Console.Security;
using EGov.Biometrics.Service.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;

namespace EGov.Biometrics.Console.Components;

/// <summary>
/// What every signed-in page needs: the person (re-read, so a disabled account acts no more), their language,
/// the domain caller they act as, and the activity mark of the idle timeout.
/// </summary>
public abstract class ConsolePage : ComponentBase, IDisposable
{
    [CascadingParameter]
    protected Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Present only while the page is rendered on the server for its first load.</summary>
    [CascadingParameter]
    protected HttpContext? HttpContext { get; set; }

    [Inject]
    protected People People { get; set; } = null!;

    [Inject]
    protected ConsoleActivity Activity { get; set; } = null!;

    [Inject]
    protected AuthenticationStateProvider Sessions { get; set; } = null!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    protected Person? Person { get; private set; }

    protected ConsoleText T { get; private set; } = ConsoleText.Default;

    protected bool AccessDenied { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var state = AuthenticationState is null ? null : await AuthenticationState;
        Person = PersonSession.Current(People, state?.User);
        T = new ConsoleText(Person?.Language);
        Sessions.AuthenticationStateChanged += OnSessionChanged;
        await OnPersonKnownAsync();
    }

    /// <summary>Runs once the person is known (null: the session is no longer good).</summary>
    protected virtual Task OnPersonKnownAsync() => Task.CompletedTask;

    /// <summary>The domain caller this person makes at <paramref name="desk"/> for an action they took (it resets
    /// the idle timeout); a desk-bound account acts at its own desk only.</summary>
    protected Caller CallerAt(string desk)
    {
        Activity.Touch();
        return CallerNow(desk);
    }

    /// <summary>
    /// The caller without marking activity (a page refreshing itself is not the person at work). The account is
    /// re-read on every call: a page left open acts no more once the person is disabled, their password reset or
    /// they signed out elsewhere (a new security stamp).
    /// </summary>
    protected Caller CallerNow(string desk)
    {
        var current = Person is null ? null : People.Find(Person.Username);
        if (current is not { Disabled: false } || current.SecurityStamp != Person!.SecurityStamp)
        {
            throw new AccessDeniedException("The session has ended: sign in again.");
        }

        return Caller.For(current.Credential, desk);
    }

    // The live connection's periodic check (PersonRevalidation) found the session over: back to the sign-in page.
    private void OnSessionChanged(Task<AuthenticationState> state) => _ = InvokeAsync(async () =>
    {
        if ((await state).User.Identity?.IsAuthenticated != true)
        {
            Navigation.NavigateTo("/signin", forceLoad: true);
        }
    });

    public virtual void Dispose()
    {
        Sessions.AuthenticationStateChanged -= OnSessionChanged;
        GC.SuppressFinalize(this);
    }

    /// <summary>Shows "Access denied" (HTTP 403 when the page is being loaded).</summary>
    protected void Deny()
    {
        AccessDenied = true;
        if (HttpContext is { Response.HasStarted: false } http)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }
}
