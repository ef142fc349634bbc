using System.Collections.Concurrent;

namespace EGov.Biometrics.Service.Desks;

/// <summary>The agents connected now, one session per desk (a reconnecting agent replaces its old session).</summary>
public sealed class DeskHub
{
    private readonly ConcurrentDictionary<string, DeskSession> _sessions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<DeskSession> Online => [.. _sessions.Values];

    public void Attach(DeskSession session)
    {
        DeskSession? replaced = null;
        _sessions.AddOrUpdate(session.Desk, session, (_, old) =>
        {
            replaced = old;
            return session;
        });
        replaced?.Close();
    }

    /// <summary>Removes the session unless a newer one for the same desk has taken its place.</summary>
    public void Detach(DeskSession session)
    {
        _sessions.TryRemove(new KeyValuePair<string, DeskSession>(session.Desk, session));
        session.Close();
    }

    /// <summary>Ends every session opened under <paramref name="credentialId"/> (it was revoked): its stream closes at once.</summary>
    public void EndSessionsOf(string credentialId)
    {
        foreach (var session in _sessions.Values.Where(s => s.CredentialId == credentialId))
        {
            session.Revoke();
            Detach(session);
        }
    }

    public DeskSession? Find(string desk) => _sessions.TryGetValue(desk, out var session) ? session : null;
}
