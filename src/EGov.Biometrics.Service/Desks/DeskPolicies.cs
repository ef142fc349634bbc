using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Desks;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Service.Desks;

/// <summary>
/// Each desk's liveness policy: whether its decisions need the active check (a blink or a head turn over the capture's
/// frames). On by default; an admin turns it off for a desk whose camera cannot see one (a fixed still camera), and
/// every change is audited.
/// </summary>
public sealed class DeskPolicies(DeskPolicyStore store, TimeProvider clock)
{
    /// <summary>The policy of a desk no admin has set.</summary>
    public const bool ActiveCheckByDefault = true;

    /// <summary>Whether decisions at <paramref name="desk"/> need the active check.</summary>
    public bool RequiresActiveCheck(string desk) => store.Find(desk)?.ActiveCheck ?? ActiveCheckByDefault;

    /// <summary>The desks an admin set a policy for.</summary>
    public IEnumerable<string> Configured => store.All().Keys;

    /// <summary>Turns the active check on or off at <paramref name="desk"/> (admins only), audited as set-desk-policy.</summary>
    public async Task<DeskPolicyRecord> SetActiveCheckAsync(string desk, bool required, Caller caller)
    {
        AccessPolicies.Require(AccessPolicies.ManageDeskPolicies, caller, "SetDeskPolicy");
        if (string.IsNullOrEmpty(ApiKeyIdentity.RequireDesk(desk)))
        {
            throw new ArgumentException("A desk policy needs the desk it applies to.", nameof(desk));
        }

        var policy = new DeskPolicyRecord(desk, required, clock.GetUtcNow(), caller.Id);
        await store.SetAsync(policy, new AuditEntry(
            caller.Id, caller.Role, caller.Desk, "set-desk-policy", $"desk:{desk}", required ? "active-check-on" : "active-check-off")).ConfigureAwait(false);
        return policy;
    }
}
