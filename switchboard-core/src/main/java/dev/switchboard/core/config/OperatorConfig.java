package dev.switchboard.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.List;

/**
 * An operator in the {@code privacy} section: a bare name ({@code replace}) or a mapping with its
 * settings ({@code { type: mask, chars_to_mask: 4 }}).
 *
 * @param type {@code replace}, {@code redact}, {@code mask}, {@code hash}, {@code encrypt} or
 *     {@code pseudonymize}
 * @param newValue {@code replace}: the replacement; default {@code <ENTITY_TYPE>}
 * @param maskingChar {@code mask}: the masking character; default {@code *}
 * @param charsToMask {@code mask}: how many characters to mask; default all of them
 * @param fromEnd {@code mask}: mask the last characters rather than the first; default false
 */
@JsonDeserialize(using = OperatorConfig.Deserializer.class)
public record OperatorConfig(String type, String newValue, String maskingChar, Integer charsToMask, Boolean fromEnd) {

    /** The operator names. */
    public static final List<String> TYPES = List.of("replace", "redact", "mask", "hash", "encrypt", "pseudonymize");

    public OperatorConfig {
        maskingChar = maskingChar != null ? maskingChar : "*";
        charsToMask = charsToMask != null ? charsToMask : Integer.MAX_VALUE;
        fromEnd = fromEnd != null ? fromEnd : false;
    }

    public static OperatorConfig of(String type) {
        return new OperatorConfig(type, null, null, null, null);
    }

    /** The mapping form's options; unknown options are errors, as everywhere. */
    private record Fields(String type, String newValue, String maskingChar, Integer charsToMask, Boolean fromEnd) {
    }

    static final class Deserializer extends JsonDeserializer<OperatorConfig> {
        @Override
        public OperatorConfig deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = context.readTree(parser);
            if (node.isTextual()) {
                return of(node.textValue());
            }
            if (!node.isObject()) {
                return context.reportInputMismatch(OperatorConfig.class,
                        "expected an operator name or a mapping such as { type: mask, chars_to_mask: 4 }");
            }
            Fields fields = context.readTreeAsValue(node, Fields.class);
            return new OperatorConfig(fields.type(), fields.newValue(), fields.maskingChar(), fields.charsToMask(),
                    fields.fromEnd());
        }
    }
}
