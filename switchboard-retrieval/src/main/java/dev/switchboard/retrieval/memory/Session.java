package dev.switchboard.retrieval.memory;

import java.util.List;

/**
 * A conversation with a purpose, for reflective prompts: the goal the user works towards and the
 * turns so far, oldest first. Immutable snapshot.
 *
 * @param id its id ({@code sess_...})
 * @param owner who created it (a key id or {@code master}); only its owner may use it
 * @param goal what the session is for, or empty
 * @param turns the conversation, oldest first
 */
public record Session(String id, String owner, String goal, List<Turn> turns) {

    public Session {
        turns = List.copyOf(turns);
    }
}
