package dev.switchboard.guard.pii.eval;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled texts in presidio-research's JSON format: an array of
 * {@code {"full_text": ..., "spans": [{"entity_type", "start_position", "end_position", ...}]}}.
 * Positions count code points (as Python does) and are converted to Java string indices; labels
 * are mapped with {@link DatasetLabels#canonical}. Other fields are ignored.
 */
public final class LabelledTexts {

    /** One text and its labelled spans (canonical types, Java string indices). */
    public record Sample(String text, List<SpanEvaluation.Span> spans, int line) {
    }

    /** A data file that cannot be used; the message names the file, the line and the field. */
    public static final class InvalidDataException extends Exception {
        public InvalidDataException(String message) {
            super(message);
        }
    }

    private LabelledTexts() {
    }

    /** All samples of {@code file}, in file order. */
    public static List<Sample> read(Path file) throws InvalidDataException {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = Json.MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidDataException(file + ": line " + parser.currentLocation().getLineNr()
                        + ": expected a JSON array of samples ({\"full_text\": ..., \"spans\": [...]})");
            }
            List<Sample> samples = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(parser);
                samples.add(sample(node, new Where(file, line, samples.size())));
            }
            return samples;
        } catch (NoSuchFileException e) {
            throw new InvalidDataException(file + ": no such file");
        } catch (JsonParseException e) {
            throw new InvalidDataException(file + ": line " + e.getLocation().getLineNr() + ": not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidDataException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private record Where(Path file, int line, int index) {
        InvalidDataException error(String field, String problem) {
            return new InvalidDataException(file + ": line " + line + ": sample " + index + ": " + field + " " + problem);
        }
    }

    private static Sample sample(JsonNode node, Where where) throws InvalidDataException {
        if (node == null || !node.isObject()) {
            throw where.error("(the sample)", "must be an object with full_text and spans");
        }
        JsonNode fullText = node.get("full_text");
        if (fullText == null || !fullText.isTextual()) {
            throw where.error("full_text", "must be a string");
        }
        String text = fullText.textValue();
        int codePoints = text.codePointCount(0, text.length());
        JsonNode spans = node.get("spans");
        if (spans == null || !spans.isArray()) {
            throw where.error("spans", "must be an array");
        }
        List<SpanEvaluation.Span> labelled = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            JsonNode span = spans.get(i);
            String field = "spans[" + i + "]";
            JsonNode type = span.get("entity_type");
            if (type == null || !type.isTextual() || type.textValue().isBlank()) {
                throw where.error(field + ".entity_type", "must be a non-empty string");
            }
            int start = position(span, "start_position", field, codePoints, where);
            int end = position(span, "end_position", field, codePoints, where);
            if (end < start) {
                throw where.error(field, "ends (" + end + ") before it starts (" + start + ")");
            }
            labelled.add(new SpanEvaluation.Span(DatasetLabels.canonical(type.textValue()),
                    text.offsetByCodePoints(0, start), text.offsetByCodePoints(0, end)));
        }
        return new Sample(text, List.copyOf(labelled), where.line());
    }

    private static int position(JsonNode span, String name, String field, int codePoints, Where where)
            throws InvalidDataException {
        JsonNode value = span.get(name);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw where.error(field + "." + name, "must be an integer");
        }
        int position = value.intValue();
        if (position < 0 || position > codePoints) {
            throw where.error(field + "." + name, "is " + position + ", outside the text (0.." + codePoints + ")");
        }
        return position;
    }
}
