package dev.switchboard.retrieval.memory;

import java.util.Objects;

/**
 * One message of a session's conversation.
 *
 * @param role {@code user} or {@code assistant}
 * @param content its text
 */
public record Turn(String role, String content) {

    public Turn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
