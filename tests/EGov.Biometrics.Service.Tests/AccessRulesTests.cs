using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Tests;

/// <summary>The access rules every front end shares: the policy table, desk binding and who may send raw templates.</summary>
public sealed class AccessRulesTests : IDisposable
{
    private readonly Domain _domain = new();

    [Fact]
    public void Admin_is_admitted_to_every_use_case_but_the_desk_stream_which_only_a_desk_bound_device_opens()
    {
        foreach (var policy in AccessPolicies.Admitted.Keys.Where(p => p != AccessPolicies.DeskStream))
        {
            Assert.True(AccessPolicies.Admits(policy, Domain.Admin), policy);
        }

        Assert.False(AccessPolicies.Admits(AccessPolicies.DeskStream, Domain.Admin));
        Assert.False(AccessPolicies.Admits(AccessPolicies.DeskStream, new Caller("key:d", Roles.Device, "desk-1", DeskBound: false)));
        Assert.True(AccessPolicies.Admits(AccessPolicies.DeskStream, new Caller("key:d", Roles.Device, "desk-1", DeskBound: true)));
        Assert.Contains("bound to its desk", AccessPolicies.Refusal(AccessPolicies.DeskStream, Roles.Device, "/x"), StringComparison.Ordinal);
        Assert.Equal("The operator role may not call /x.", AccessPolicies.Refusal(AccessPolicies.Identify, Roles.Operator, "/x"));
    }

    [Theory]
    [InlineData(AccessPolicies.Identify, Roles.Operator)]
    [InlineData(AccessPolicies.Identify, Roles.Device)]
    [InlineData(AccessPolicies.Enroll, Roles.Operator)]
    [InlineData(AccessPolicies.DeleteSubject, Roles.Supervisor)]
    [InlineData(AccessPolicies.ManageCredentials, Roles.Supervisor)]
    [InlineData(AccessPolicies.RotateKeys, Roles.Auditor)]
    [InlineData(AccessPolicies.ListSubjects, Roles.Enroller)]
    [InlineData(AccessPolicies.VerifyAtDesk, Roles.Device)]
    [InlineData(AccessPolicies.Verify, Roles.Device)]
    [InlineData(AccessPolicies.ReadScores, Roles.Operator)]
    [InlineData(AccessPolicies.SendRawProbes, Roles.Operator)]
    [InlineData(AccessPolicies.ChooseLaxerFmr, Roles.Operator)]
    public void Least_privilege_refuses_roles_outside_a_use_case(string policy, string role) =>
        Assert.False(AccessPolicies.Admits(policy, new Caller("key:x", role, string.Empty)));

    [Fact]
    public void A_desk_bound_credential_acts_as_its_desk_only_and_an_unbound_one_as_the_desk_it_names()
    {
        var bound = new Credential("key:dev", Roles.Device, "desk-8");
        var unbound = new Credential("key:op", Roles.Operator, string.Empty);

        Assert.Equal(new Caller("key:dev", Roles.Device, "desk-8", DeskBound: true), Caller.For(bound, null));
        Assert.Equal(new Caller("key:dev", Roles.Device, "desk-8", DeskBound: true), Caller.For(bound, "desk-8"));
        Assert.Contains("desk-9", Assert.Throws<AccessDeniedException>(() => Caller.For(bound, "desk-9")).Message, StringComparison.Ordinal);
        Assert.Equal(new Caller("key:op", Roles.Operator, "desk-2"), Caller.For(unbound, "desk-2"));
        Assert.Contains("at most 64", Assert.Throws<ArgumentException>(() => Caller.For(unbound, new string('d', 500))).Message, StringComparison.Ordinal);
        foreach (var (name, character) in new[] { ("..", "character 1"), ("-rf", "character 1"), ("desk-8\n", "character 7") })
        {
            Assert.Contains(character, Assert.Throws<ArgumentException>(() => Caller.For(unbound, name)).Message, StringComparison.Ordinal);
        }

        Assert.Equal("Desk_1.b-2", Caller.For(unbound, "Desk_1.b-2").Desk);

        Caller.For(bound, null).RequireDesk("desk-8");
        Assert.Throws<AccessDeniedException>(() => Caller.For(bound, null).RequireDesk("desk-1"));
        Caller.For(unbound, "desk-2").RequireDesk("desk-1");
    }

    [Theory]
    [InlineData(Roles.Operator, false)]
    [InlineData(Roles.Device, false)]
    [InlineData(Roles.Enroller, false)]
    [InlineData(Roles.Auditor, false)]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Admin, true)]
    public async Task Raw_templates_and_aligned_crops_come_only_from_back_office_roles_so_a_desk_cannot_hill_climb_a_score(string role, bool admitted)
    {
        var resolver = new ProbeResolver(_domain.Analyzer);
        var caller = new Caller("key:x", role, "desk-1");
        var template = Domain.Template(Domain.Unit(5));
        var crop = new AlignedCropProbe(Domain.Model, _domain.Analyzer.Crop("crop", Domain.Unit(6)));

        if (admitted)
        {
            Assert.Same(template.Vector, (await resolver.ResolveAsync(template, caller)).Template.Vector);
            Assert.Equal(Domain.Unit(6), (await resolver.ResolveAsync(crop, caller)).Template.Vector);
        }
        else
        {
            Assert.Contains("aligned crops or templates", (await Assert.ThrowsAsync<AccessDeniedException>(() => resolver.ResolveAsync(template, caller))).Message, StringComparison.Ordinal);
            Assert.Contains("aligned crops or templates", (await Assert.ThrowsAsync<AccessDeniedException>(() => resolver.ResolveAsync(crop, caller))).Message, StringComparison.Ordinal);
        }

        Assert.Contains("empty", (await Assert.ThrowsAsync<ArgumentException>(() => resolver.ResolveAsync(null, caller))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_take_only_known_roles_are_audited_and_revocation_is_seen_at_once()
    {
        Assert.Contains("not a role", (await Assert.ThrowsAsync<ArgumentException>(() => _domain.Credentials.CreateApiKeyAsync("root", string.Empty, Domain.Admin))).Message, StringComparison.Ordinal);

        var created = await _domain.Credentials.CreateApiKeyAsync(Roles.Device, "desk-4", Domain.Admin);
        var credential = _domain.Credentials.Authenticate(created.Key);
        Assert.Equal(new Credential($"key:{created.KeyId}", Roles.Device, "desk-4"), credential);
        Assert.True(_domain.Credentials.IsActive(credential!.Id));

        Assert.True(await _domain.Credentials.RevokeApiKeyAsync(created.KeyId, Domain.Admin));
        Assert.False(_domain.Credentials.IsActive(credential!.Id));
        Assert.Null(_domain.Credentials.Authenticate(created.Key));
        Assert.Null(_domain.Credentials.Authenticate("egov_000000000000_guess"));

        var audit = _domain.Registry.VerifyAudit();
        Assert.True(audit.Intact);
        Assert.Equal(2, audit.Entries);
    }

    public void Dispose() => _domain.Dispose();
}
