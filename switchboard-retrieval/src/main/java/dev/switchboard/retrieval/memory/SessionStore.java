package dev.switchboard.retrieval.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sessions in memory: at most {@code maxSessions} (the least recently used is dropped beyond that)
 * with at most {@code maxTurns} turns each (the oldest dropped). Lost at restart. Thread-safe.
 */
public final class SessionStore {

    private final int maxSessions;
    private final int maxTurns;
    private final Supplier<String> ids;
    private final LinkedHashMap<String, Session> sessions;

    /** @param ids makes new session ids (random in production, counted in tests) */
    public SessionStore(int maxSessions, int maxTurns, Supplier<String> ids) {
        this.maxSessions = maxSessions;
        this.maxTurns = maxTurns;
        this.ids = ids;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > SessionStore.this.maxSessions;
            }
        };
    }

    public synchronized Session create(String owner, String goal) {
        Session session = new Session(ids.get(), owner, goal == null ? "" : goal, List.of());
        sessions.put(session.id(), session);
        return session;
    }

    public synchronized Optional<Session> get(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** Appends turns to a session; false if it does not exist. */
    public synchronized boolean append(String id, List<Turn> turns) {
        Session session = sessions.get(id);
        if (session == null) {
            return false;
        }
        List<Turn> all = new ArrayList<>(session.turns());
        all.addAll(turns);
        if (all.size() > maxTurns) {
            all = all.subList(all.size() - maxTurns, all.size());
        }
        sessions.put(id, new Session(id, session.owner(), session.goal(), all));
        return true;
    }

    public synchronized boolean delete(String id) {
        return sessions.remove(id) != null;
    }
}
