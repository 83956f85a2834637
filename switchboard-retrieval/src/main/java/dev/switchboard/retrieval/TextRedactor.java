package dev.switchboard.retrieval;

/**
 * Removes personal data from a document's text before it is chunked, embedded and indexed, by the
 * policy of the collection it goes into. The server supplies one built on switchboard-guard's
 * analyzer and redactor; retrieval itself knows no PII rules. Thread-safe.
 */
@FunctionalInterface
public interface TextRedactor {

    /** Keeps every text as it is. */
    TextRedactor NONE = (collection, text) -> text;

    /** {@code text} as it may be indexed in {@code collection}. */
    String redact(String collection, String text);
}
