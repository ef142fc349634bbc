using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Service.Tests;

/// <summary>The console's people: accounts, hashing, sign-in with lockout, sessions ended by stamp changes, and their audit.</summary>
public sealed class PeopleTests : IDisposable
{
    private const string Password = "correct horse battery";

    private readonly Domain _domain = new();
    private readonly PersonStore _store;
    private readonly People _people;

    public PeopleTests()
    {
        _store = new PersonStore(_domain.Registry);

        // Few iterations keep the tests quick; the rules do not depend on the count.
        _people = new People(_store, new SignInOptions(HashIterations: 1000), _domain.Clock);
    }

    [Fact]
    public async Task A_created_person_has_a_pbkdf2_hash_not_the_password_and_signs_in_with_it()
    {
        var alice = await _people.CreateAsync("alice", Roles.Operator, "desk-3", string.Empty, Password, Domain.Admin);

        var stored = _store.Find("alice")!;
        Assert.DoesNotContain(Password, stored.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(0x01, Convert.FromBase64String(stored.PasswordHash)[0]); // Identity's v3 format: PBKDF2
        Assert.Equal(new Person("alice", Roles.Operator, "desk-3", "en", false, null, stored.SecurityStamp), alice);
        Assert.Equal(new Credential("user:alice", Roles.Operator, "desk-3"), alice.Credential);

        var result = await _people.SignInAsync("alice", Password, "10.0.0.7");

        Assert.Equal(SignInStatus.SignedIn, result.Status);
        Assert.Equal(alice, result.Person);
        var entry = Audit().Last();
        Assert.Equal(("user:alice", "operator", "desk-3", "sign-in", "alice", "signed-in"), (entry.Caller, entry.Role, entry.Desk, entry.Action, entry.Subject, entry.Decision));
        Assert.Contains("10.0.0.7", entry.Details, StringComparison.Ordinal);
        var created = Audit().Single(e => e.Action == "create-user");
        Assert.Equal(("key:admin", "alice", "created"), (created.Caller, created.Subject, created.Decision));
    }

    [Fact]
    public async Task An_unknown_user_a_wrong_password_and_a_disabled_account_get_the_same_answer_told_apart_only_in_the_audit()
    {
        await _people.CreateAsync("bob", Roles.Supervisor, string.Empty, "uz", Password, Domain.Admin);
        await _people.CreateAsync("carol", Roles.Auditor, string.Empty, "ru", Password, Domain.Admin);
        await _people.DisableAsync("carol", Domain.Admin);

        var unknown = await _people.SignInAsync("nobody", Password, "10.0.0.1");
        var wrong = await _people.SignInAsync("bob", "not the password!", "10.0.0.1");
        var disabled = await _people.SignInAsync("carol", Password, "10.0.0.1");

        foreach (var result in new[] { unknown, wrong, disabled })
        {
            Assert.Equal(new SignInResult(SignInStatus.WrongCredentials, null, "Wrong user name or password."), result);
        }

        var refusals = Audit().Where(e => e.Action == "sign-in").ToList();
        Assert.All(refusals, e => Assert.Equal("refused", e.Decision));
        Assert.Equal(["nobody", "bob", "carol"], refusals.Select(e => e.Subject));
        Assert.Equal(["user:nobody", "user:bob", "user:carol"], refusals.Select(e => e.Caller));
        Assert.StartsWith("unknown-user", refusals[0].Details, StringComparison.Ordinal);
        Assert.StartsWith("wrong-password", refusals[1].Details, StringComparison.Ordinal);
        Assert.StartsWith("disabled", refusals[2].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one_until_the_lockout_has_passed()
    {
        await _people.CreateAsync("dave", Roles.Enroller, string.Empty, "en", Password, Domain.Admin);
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(SignInStatus.WrongCredentials, (await _people.SignInAsync("dave", $"wrong password {i}", "10.0.0.2")).Status);
        }

        var fifth = await _people.SignInAsync("dave", "wrong password 5", "10.0.0.2");
        Assert.Equal(new SignInResult(SignInStatus.LockedOut, null, "This account is locked for 15 minutes.") { LockedMinutes = 15 }, fifth);
        Assert.Equal(_domain.Clock.GetUtcNow().AddMinutes(15), _people.Find("dave")!.LockedUntil);

        _domain.Clock.Advance(TimeSpan.FromMinutes(5).Add(TimeSpan.FromSeconds(30)));
        var sixth = await _people.SignInAsync("dave", Password, "10.0.0.2");
        Assert.Equal(new SignInResult(SignInStatus.LockedOut, null, "This account is locked for 10 minutes.") { LockedMinutes = 10 }, sixth); // 9.5 rounded up

        _domain.Clock.Advance(TimeSpan.FromMinutes(9).Add(TimeSpan.FromSeconds(31)));
        Assert.Null(_people.Find("dave")!.LockedUntil); // run out: no longer shown as locked
        var afterwards = await _people.SignInAsync("dave", Password, "10.0.0.2");
        Assert.Equal(SignInStatus.SignedIn, afterwards.Status);
        Assert.Null(afterwards.Person!.LockedUntil);
        Assert.Equal(0, _store.Find("dave")!.FailedCount);
        Assert.Equal(["refused", "refused", "refused", "refused", "locked-out", "locked-out", "signed-in"], Audit().Where(e => e.Action == "sign-in").Select(e => e.Decision));
    }

    [Fact]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        await _people.CreateAsync("erin", Roles.Enroller, string.Empty, "en", Password, Domain.Admin);
        for (var i = 0; i < 4; i++)
        {
            await _people.SignInAsync("erin", "wrong password!!", "10.0.0.3");
        }

        Assert.Equal(SignInStatus.SignedIn, (await _people.SignInAsync("erin", Password, "10.0.0.3")).Status);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInStatus.WrongCredentials, (await _people.SignInAsync("erin", "wrong password!!", "10.0.0.3")).Status);
        }
    }

    [Fact]
    public async Task Disabling_and_resetting_change_the_security_stamp_and_a_reset_lifts_a_lockout()
    {
        await _people.CreateAsync("frank", Roles.Operator, string.Empty, "en", Password, Domain.Admin);
        var first = _people.Find("frank")!.SecurityStamp;
        for (var i = 0; i < 5; i++)
        {
            await _people.SignInAsync("frank", "wrong password!!", "10.0.0.4");
        }

        await _people.ResetPasswordAsync("frank", "a brand new password", Domain.Admin);
        var afterReset = _people.Find("frank")!;
        Assert.NotEqual(first, afterReset.SecurityStamp);
        Assert.Null(afterReset.LockedUntil);
        Assert.Equal(SignInStatus.WrongCredentials, (await _people.SignInAsync("frank", Password, "10.0.0.4")).Status);
        Assert.Equal(SignInStatus.SignedIn, (await _people.SignInAsync("frank", "a brand new password", "10.0.0.4")).Status);

        await _people.DisableAsync("frank", Domain.Admin);
        var afterDisable = _people.Find("frank")!;
        Assert.True(afterDisable.Disabled);
        Assert.NotEqual(afterReset.SecurityStamp, afterDisable.SecurityStamp);
        Assert.Equal(SignInStatus.WrongCredentials, (await _people.SignInAsync("frank", "a brand new password", "10.0.0.4")).Status);
        Assert.Equal(["reset", "disabled"], Audit().Where(e => e.Caller == "key:admin" && e.Subject == "frank" && e.Action != "create-user").Select(e => e.Decision));

        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(() => _people.DisableAsync("ghost", Domain.Admin));
        Assert.Contains("'ghost'", missing.Message, StringComparison.Ordinal);
        Assert.Equal("not-found", Audit().Last().Decision);
    }

    [Fact]
    public async Task A_hash_made_with_fewer_iterations_is_replaced_at_the_next_sign_in()
    {
        var weaker = new People(_store, new SignInOptions(HashIterations: 500), _domain.Clock);
        await weaker.CreateAsync("gina", Roles.Auditor, string.Empty, "en", Password, Domain.Admin);
        var before = _store.Find("gina")!.PasswordHash;

        Assert.Equal(SignInStatus.SignedIn, (await _people.SignInAsync("gina", Password, "10.0.0.5")).Status);

        var after = _store.Find("gina")!.PasswordHash;
        Assert.NotEqual(before, after);
        Assert.Equal(SignInStatus.SignedIn, (await _people.SignInAsync("gina", Password, "10.0.0.5")).Status);
        Assert.Equal(after, _store.Find("gina")!.PasswordHash);
    }

    [Theory]
    [InlineData("ab", Roles.Operator, "", "en", Password, "3 to 64 characters")]
    [InlineData("Alice", Roles.Operator, "", "en", Password, "3 to 64 characters")]
    [InlineData("al ice", Roles.Operator, "", "en", Password, "3 to 64 characters")]
    [InlineData("alice", "boss", "", "en", Password, "is not a role")]
    [InlineData("alice", Roles.Device, "", "en", Password, "cannot hold the device role")]
    [InlineData("alice", Roles.Supervisor, "desk-1", "en", Password, "Only an operator is bound to a desk")]
    [InlineData("alice", Roles.Operator, "", "de", Password, "one of en, ru, uz")]
    [InlineData("alice", Roles.Operator, "", "en", "too short", "12 to 256 characters")]
    public async Task Bad_accounts_are_refused_naming_the_problem(string username, string role, string desk, string language, string password, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _people.CreateAsync(username, role, desk, language, password, Domain.Admin));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(_people.Find(username));
    }

    [Fact]
    public async Task A_taken_user_name_is_refused_as_already_existing()
    {
        await _people.CreateAsync("henry", Roles.Operator, string.Empty, "en", Password, Domain.Admin);

        var error = await Assert.ThrowsAsync<PersonExistsException>(() => _people.CreateAsync("henry", Roles.Admin, string.Empty, "en", Password, Domain.Admin));

        Assert.Equal(Failures.FailureKind.AlreadyExists, Failures.Failure.Of(error)!.Kind);
        Assert.Equal(Roles.Operator, _people.Find("henry")!.Role);
    }

    [Fact]
    public async Task Only_an_admin_manages_people()
    {
        await _people.CreateAsync("iris", Roles.Operator, string.Empty, "en", Password, Domain.Admin);
        var supervisor = Domain.Supervisor;

        var refusals = new[]
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => _people.CreateAsync("jack", Roles.Operator, string.Empty, "en", Password, supervisor)),
            Assert.Throws<AccessDeniedException>(() => _people.List(supervisor)),
            await Assert.ThrowsAsync<AccessDeniedException>(() => _people.DisableAsync("iris", supervisor)),
            await Assert.ThrowsAsync<AccessDeniedException>(() => _people.ResetPasswordAsync("iris", "another password!", supervisor)),
        };

        Assert.All(refusals, e => Assert.StartsWith("The supervisor role may not call", e.Message, StringComparison.Ordinal));
        Assert.Null(_people.Find("jack"));
        Assert.False(_people.Find("iris")!.Disabled);
        Assert.Equal(["iris"], _people.List(Domain.Admin).Select(p => p.Username));
    }

    [Fact]
    public async Task Sign_out_and_language_changes_are_audited_under_the_person()
    {
        var kate = await _people.CreateAsync("kate", Roles.Supervisor, string.Empty, "en", Password, Domain.Admin);

        await _people.SetLanguageAsync("kate", "uz");
        await _people.SignOutAsync(kate, "idle-timeout");
        await _people.SignOutAsync(kate, "signed-out");

        Assert.Equal("uz", _people.Find("kate")!.Language);
        // Signing out ends every session of the person, a copied cookie's too; an idle timeout ends only its own.
        Assert.NotEqual(kate.SecurityStamp, _people.Find("kate")!.SecurityStamp);
        Assert.Equal(
            ["set-language:changed", "sign-out:idle-timeout", "sign-out:signed-out"],
            Audit().Where(e => e.Caller == "user:kate").Select(e => $"{e.Action}:{e.Decision}"));
        await Assert.ThrowsAsync<ArgumentException>(() => _people.SetLanguageAsync("kate", "fr"));
        await Assert.ThrowsAsync<ArgumentException>(() => _people.SignOutAsync(kate, "bored"));
    }

    private List<AuditEntry> Audit()
    {
        using var connection = _domain.Database.Open();
        return [.. AuditLog.Read(connection).Select(e => e.Entry)];
    }

    public void Dispose() => _domain.Dispose();
}
