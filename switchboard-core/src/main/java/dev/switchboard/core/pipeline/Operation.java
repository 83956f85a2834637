package dev.switchboard.core.pipeline;

/** The OpenAI operations the pipeline serves. */
public enum Operation {
    CHAT_COMPLETIONS("chat", "/chat/completions"),
    EMBEDDINGS("embeddings", "/embeddings");

    private final String spanName;
    private final String path;

    Operation(String spanName, String path) {
        this.spanName = spanName;
        this.path = path;
    }

    /** Short name, as in GenAI conventions' {@code gen_ai.operation.name}: "chat", "embeddings". */
    public String spanName() {
        return spanName;
    }

    /** Path below an OpenAI-compatible base URL, e.g. {@code /chat/completions}. */
    public String path() {
        return path;
    }
}
