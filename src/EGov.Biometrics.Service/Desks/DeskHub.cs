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

    public DeskSession? Find(string desk) => _sessions.TryGetValue(desk, out var session) ? session : null;
}
