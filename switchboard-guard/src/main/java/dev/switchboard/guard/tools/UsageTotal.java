package dev.switchboard.guard.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The usage of every attempt of a request that was re-asked, added up, so that the answer the client
 * gets — and accounting, which reads it — reports every token the request cost: numeric fields are
 * summed, nested ones ({@code prompt_tokens_details.cached_tokens}) included.
 */
final class UsageTotal {

    private ObjectNode total;
    private int attempts;

    /** Adds the usage reported among one attempt's events (the last event that has one). */
    void add(List<Event> events) {
        attempts++;
        JsonNode usage = lastUsage(events);
        if (usage != null) {
            if (total == null) {
                total = Json.object();
            }
            sum(total, usage);
        }
    }

    /**
     * {@code events} with the total in place of their own usage; unchanged after a single attempt or
     * when no attempt reported usage.
     */
    List<Event> applyTo(List<Event> events) {
        if (attempts < 2 || total == null) {
            return events;
        }
        List<Event> result = new ArrayList<>(events);
        for (int i = result.size() - 1; i >= 0; i--) {
            if (result.get(i).json().hasNonNull("usage")) {
                ObjectNode copy = result.get(i).json().deepCopy();
                copy.set("usage", total.deepCopy());
                result.set(i, Event.ofJson(copy));
                break;
            }
        }
        return result;
    }

    /** Every attempt's usage added up, or null when none reported any. */
    ObjectNode total() {
        return total;
    }

    private static JsonNode lastUsage(List<Event> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            JsonNode usage = events.get(i).json().get("usage");
            if (usage != null && usage.isObject()) {
                return usage;
            }
        }
        return null;
    }

    private static void sum(ObjectNode into, JsonNode add) {
        for (Map.Entry<String, JsonNode> field : add.properties()) {
            JsonNode value = field.getValue();
            JsonNode existing = into.get(field.getKey());
            if (value.isIntegralNumber()) {
                into.put(field.getKey(), (existing != null && existing.isNumber() ? existing.longValue() : 0)
                        + value.longValue());
            } else if (value.isObject()) {
                sum(existing instanceof ObjectNode object ? object : into.putObject(field.getKey()), value);
            } else if (existing == null) {
                into.set(field.getKey(), value.deepCopy());
            }
        }
    }
}
