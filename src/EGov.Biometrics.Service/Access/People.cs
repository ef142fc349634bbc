using System.Globalization;
using System.Security.Cryptography;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EGov.Biometrics.Service.Access;

/// <summary>
/// The console's people: accounts (admin only), sign-in with lockout, sign-out, and each person's language.
/// Every decision is audited: a person's own events under <see cref="Person.IdPrefix"/> + user name, the
/// administration under the admin who did it. Sign-in tells an unknown user, a wrong password and a disabled
/// account apart only in the audit log, never to the one signing in, and each costs the same password hash.
/// </summary>
public sealed class People
{
    public const string WrongCredentialsMessage = "Wrong user name or password.";
    public const int MinUsernameLength = 3;
    public const int MaxUsernameLength = 64;

    /// <summary>The console's languages; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "uz"];

    /// <summary>Why a session ends: the person signed out, or was signed out after a while without activity.</summary>
    public static readonly IReadOnlySet<string> SignOutReasons = new HashSet<string>(StringComparer.Ordinal) { "signed-out", "idle-timeout" };

    private readonly PersonStore _store;
    private readonly SignInOptions _options;
    private readonly TimeProvider _clock;
    private readonly PasswordHasher<Person> _hasher;

    // Verified against when the user name is unknown, so that costs what a wrong password costs.
    private readonly string _dummyHash;

    public People(PersonStore store, SignInOptions options, TimeProvider clock)
    {
        _store = store;
        _options = options;
        _clock = clock;
        _hasher = new PasswordHasher<Person>(Options.Create(new PasswordHasherOptions { IterationCount = options.HashIterations }));
        _dummyHash = _hasher.HashPassword(null!, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
    }

    /// <summary>Adds a person (admin only). Role: any but device; desk: operators only, optional; language: en, ru or uz (empty: en).</summary>
    public async Task<Person> CreateAsync(string username, string role, string desk, string language, string password, Caller caller)
    {
        AccessPolicies.Require(AccessPolicies.ManageUsers, caller, "CreateUser");
        RequireUsername(username);
        Roles.Require(role);
        if (role == Roles.Device)
        {
            throw new ArgumentException("A person cannot hold the device role: devices connect with an API key or a client certificate.", nameof(role));
        }

        desk = ApiKeyIdentity.RequireDesk(desk);
        if (desk.Length > 0 && role != Roles.Operator)
        {
            throw new ArgumentException($"Only an operator is bound to a desk, not a {role}.", nameof(desk));
        }

        language = RequireLanguage(string.IsNullOrEmpty(language) ? Languages[0] : language);
        RequirePassword(password);
        var record = new PersonRecord(username, role, desk, language, _hasher.HashPassword(null!, password), Disabled: false, FailedCount: 0, LockedUntil: null, NewStamp(), _clock.GetUtcNow());
        var details = $"role {role}{(desk.Length > 0 ? $", desk {desk}" : string.Empty)}, language {language}";
        await _store.CreateAsync(record, new AuditEntry(caller.Id, caller.Role, caller.Desk, "create-user", username, "created", Details: details)).ConfigureAwait(false);
        return PersonOf(record);
    }

    /// <summary>Every person, in user-name order (admin only).</summary>
    public IReadOnlyList<Person> List(Caller caller)
    {
        AccessPolicies.Require(AccessPolicies.ManageUsers, caller, "ListUsers");
        return [.. _store.List().Select(PersonOf)];
    }

    /// <summary>The person named <paramref name="username"/>, or null; cached (a change through this class shows at once).</summary>
    public Person? Find(string username) => _store.Find(username) is { } record ? PersonOf(record) : null;

    /// <summary>Checks the password, counting consecutive failures toward a lockout; audited whatever the outcome.</summary>
    /// <param name="address">Where the attempt came from (recorded in the audit entry's details).</param>
    public async Task<SignInResult> SignInAsync(string username, string password, string address)
    {
        username = Text.Bounded(username.Trim().ToLowerInvariant(), MaxUsernameLength);
        password = Text.Bounded(password, SignInOptions.MaxPasswordLength);
        var where = $"address {Text.Bounded(address, Text.NameLength)}";
        var known = _store.Find(username);
        if (known is not null && IsLocked(known))
        {
            // Locked: refused whatever the password, without spending a hash on it.
            return await _store.ChangeAsync(username, current => Decide(username, current, known.PasswordHash, PasswordVerificationResult.Failed, null, where)).ConfigureAwait(false);
        }

        // The hash is checked before the write transaction (it is slow; the writer must not wait for it) and the
        // row decided on inside it: a password reset in between makes this attempt count as wrong.
        var verified = _hasher.VerifyHashedPassword(null!, known?.PasswordHash ?? _dummyHash, password);
        var rehashed = verified == PasswordVerificationResult.SuccessRehashNeeded ? _hasher.HashPassword(null!, password) : null;
        return await _store.ChangeAsync(username, current => Decide(username, current, known?.PasswordHash, verified, rehashed, where)).ConfigureAwait(false);
    }

    /// <summary>Records the end of a person's session: <c>signed-out</c> (every session of theirs ends) or <c>idle-timeout</c>.</summary>
    public Task SignOutAsync(Person person, string reason)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!SignOutReasons.Contains(reason))
        {
            throw new ArgumentException($"A sign-out reason is one of {string.Join(", ", SignOutReasons)}.", nameof(reason));
        }

        // Signing out ends every session of the person (a new security stamp): a copied cookie opens nothing after it.
        return reason == "signed-out"
            ? Change(person.Username, "sign-out", p => p with { SecurityStamp = NewStamp() }, string.Empty, reason, caller: null)
            : Audit(person.Username, person.Role, person.Desk, "sign-out", reason, string.Empty);
    }

    /// <summary>Saves the language the person's console is shown in (en, ru or uz).</summary>
    public Task SetLanguageAsync(string username, string language)
    {
        RequireLanguage(language);
        return Change(username, "set-language", person => person with { Language = language }, language, "changed", caller: null);
    }

    /// <summary>Disables the person (admin only): they can no longer sign in, and their open sessions end (new security stamp).</summary>
    public Task DisableAsync(string username, Caller caller)
    {
        AccessPolicies.Require(AccessPolicies.ManageUsers, caller, "DisableUser");
        return Change(username, "disable-user", person => person with { Disabled = true, SecurityStamp = NewStamp() }, string.Empty, "disabled", caller);
    }

    /// <summary>Sets a new password (admin only), ends the person's sessions (new security stamp) and lifts a lockout.</summary>
    public Task ResetPasswordAsync(string username, string password, Caller caller)
    {
        AccessPolicies.Require(AccessPolicies.ManageUsers, caller, "ResetUserPassword");
        RequirePassword(password);
        var hash = _hasher.HashPassword(null!, password);
        return Change(username, "reset-user-password", person => person with { PasswordHash = hash, FailedCount = 0, LockedUntil = null, SecurityStamp = NewStamp() }, string.Empty, "reset", caller);
    }

    // A sign-in decided on the row as it is inside the write transaction.
    private PersonChange<SignInResult> Decide(string username, PersonRecord? current, string? verifiedHash, PasswordVerificationResult verified, string? rehashed, string where)
    {
        var now = _clock.GetUtcNow();
        if (current is null)
        {
            return new(null, SignInAudit(username, null, "refused", $"unknown-user; {where}"), Wrong());
        }

        if (current.LockedUntil is { } until && until > now)
        {
            return new(null, SignInAudit(username, current, "locked-out", $"account locked until {until:O}; {where}"), Locked(until - now));
        }

        // A lockout that has run out starts the count afresh.
        var person = current.LockedUntil is null ? current : current with { FailedCount = 0, LockedUntil = null };
        if (current.Disabled)
        {
            return new(null, SignInAudit(username, current, "refused", $"disabled; {where}"), Wrong());
        }

        if (verified == PasswordVerificationResult.Failed || current.PasswordHash != verifiedHash)
        {
            var failures = person.FailedCount + 1;
            if (failures >= _options.MaxFailures)
            {
                var lockedUntil = now + _options.Lockout;
                return new(person with { FailedCount = 0, LockedUntil = lockedUntil }, SignInAudit(username, current, "locked-out", $"wrong-password, {failures} in a row: locked until {lockedUntil:O}; {where}"), Locked(_options.Lockout));
            }

            return new(person with { FailedCount = failures }, SignInAudit(username, current, "refused", $"wrong-password ({failures} in a row); {where}"), Wrong());
        }

        var signedIn = person with { FailedCount = 0, LockedUntil = null, PasswordHash = rehashed ?? current.PasswordHash };
        return new(signedIn, SignInAudit(username, current, "signed-in", where), new SignInResult(SignInStatus.SignedIn, PersonOf(signedIn), "Signed in."));
    }

    private static AuditEntry SignInAudit(string username, PersonRecord? person, string decision, string details) =>
        new(Person.IdPrefix + username, person?.Role ?? string.Empty, person?.Desk ?? string.Empty, "sign-in", username, decision, Details: details);

    private bool IsLocked(PersonRecord person) => person.LockedUntil is { } until && until > _clock.GetUtcNow();

    // An administrative or personal change to one person; an unknown name is audited, then NotFound.
    private async Task Change(string username, string action, Func<PersonRecord, PersonRecord> change, string details, string decision, Caller? caller)
    {
        var bounded = Text.Bounded(username, MaxUsernameLength);
        var found = await _store.ChangeAsync(bounded, current =>
        {
            var audit = caller is null
                ? new AuditEntry(Person.IdPrefix + bounded, current?.Role ?? string.Empty, current?.Desk ?? string.Empty, action, bounded, current is null ? "not-found" : decision, Details: details)
                : new AuditEntry(caller.Id, caller.Role, caller.Desk, action, bounded, current is null ? "not-found" : decision, Details: details);
            return new PersonChange<bool>(current is null ? null : change(current), audit, current is not null);
        }).ConfigureAwait(false);
        if (!found)
        {
            throw new KeyNotFoundException($"No person has the user name '{bounded}'.");
        }
    }

    private Task Audit(string username, string role, string desk, string action, string decision, string details) =>
        _store.ChangeAsync(username, _ => new PersonChange<bool>(null, new AuditEntry(Person.IdPrefix + username, role, desk, action, username, decision, Details: details), true));

    private static SignInResult Wrong() => new(SignInStatus.WrongCredentials, null, WrongCredentialsMessage);

    private static SignInResult Locked(TimeSpan left)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(left.TotalMinutes));
        return new(SignInStatus.LockedOut, null, string.Create(CultureInfo.InvariantCulture, $"This account is locked for {minutes} minutes.")) { LockedMinutes = minutes };
    }

    // A lockout that has run out is shown as none (the row keeps it until the next sign-in attempt).
    private Person PersonOf(PersonRecord r) => new(r.Username, r.Role, r.Desk, r.Language, r.Disabled, IsLocked(r) ? r.LockedUntil : null, r.SecurityStamp);

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static void RequireUsername(string username)
    {
        if (username.Length is < MinUsernameLength or > MaxUsernameLength || !username.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-'))
        {
            throw new ArgumentException($"A user name is {MinUsernameLength} to {MaxUsernameLength} characters of a-z, 0-9, '.', '_' and '-'; got '{Text.Bounded(username, MaxUsernameLength)}'.", nameof(username));
        }
    }

    private static string RequireLanguage(string language) => Languages.Contains(language)
        ? language
        : throw new ArgumentException($"The language must be one of {string.Join(", ", Languages)}; got '{Text.Bounded(language, 8)}'.", nameof(language));

    private void RequirePassword(string password)
    {
        if (password.Length < _options.MinPasswordLength || password.Length > SignInOptions.MaxPasswordLength)
        {
            throw new ArgumentException($"A password is {_options.MinPasswordLength} to {SignInOptions.MaxPasswordLength} characters; this one has {password.Length}.", nameof(password));
        }
    }
}
