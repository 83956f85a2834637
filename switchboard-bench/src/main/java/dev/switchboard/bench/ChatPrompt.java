package dev.switchboard.bench;

/**
 * What a benchmark's chat request carries besides the model: an optional system message, the user
 * message, and optionally declared tools with a {@code tool_choice}. Direct and through-gateway
 * requests carry the same prompt, so the simulator's share of the latency is the same on both sides.
 *
 * @param system the system message, or null for none
 * @param user the user message
 * @param toolsJson the {@code tools} array as JSON, or null for none
 * @param toolChoice the {@code tool_choice} string ({@code none}, {@code auto}, ...), or null to leave it out
 */
record ChatPrompt(String system, String user, String toolsJson, String toolChoice) {

    ChatPrompt {
        if (user == null) {
            throw new IllegalArgumentException("a chat prompt needs a user message");
        }
    }

    /** Just a user message. */
    static ChatPrompt user(String user) {
        return new ChatPrompt(null, user, null, null);
    }

    /** The same prompt with {@code user} as its user message. */
    ChatPrompt withUser(String newUser) {
        return new ChatPrompt(system, newUser, toolsJson, toolChoice);
    }

    /** The request body of {@code POST /v1/chat/completions} for {@code model}. */
    String bodyJson(String model, boolean stream) {
        StringBuilder body = new StringBuilder(user.length() + (system == null ? 0 : system.length()) + 256)
                .append("{\"model\":\"").append(Target.jsonEscape(model)).append("\",");
        if (stream) {
            body.append("\"stream\":true,");
        }
        body.append("\"messages\":[");
        if (system != null) {
            body.append("{\"role\":\"system\",\"content\":\"").append(Target.jsonEscape(system)).append("\"},");
        }
        body.append("{\"role\":\"user\",\"content\":\"").append(Target.jsonEscape(user)).append("\"}]");
        if (toolsJson != null) {
            body.append(",\"tools\":").append(toolsJson);
        }
        if (toolChoice != null) {
            body.append(",\"tool_choice\":\"").append(Target.jsonEscape(toolChoice)).append('"');
        }
        return body.append('}').toString();
    }
}
