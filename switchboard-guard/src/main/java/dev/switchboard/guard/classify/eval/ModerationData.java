package dev.switchboard.guard.classify.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.guard.moderation.ModerationCategory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Labelled texts for the moderation guard, read from the folder {@code shared/data/moderation} and
 * mapped to {@link ModerationCategory}; a label is 1, 0 or unknown (NaN: not trained or evaluated on).
 *
 * <ul>
 *   <li>{@code openai-moderation-train.jsonl} (MIT): {@code S, H, V, HR, SH, S3, H2, V2} are sexual,
 *       hate, violence, harassment, self-harm, sexual/minors, hate/threatening, violence/graphic;
 *       an absent flag is unknown; a known 0 for self-harm is also 0 for its subcategories, and for
 *       harassment 0 for harassment/threatening.</li>
 *   <li>{@code surge-toxicity.csv} (MIT): "Toxic" is harassment (the closest category: insults aimed
 *       at people; the other categories are unknown); "Not Toxic" is 0 in every category.</li>
 *   <li>{@code hatecheck.csv} (CC-BY-4.0): hateful is hate, and hate/threatening for the
 *       {@code threat_*} functionalities; non-hateful is 0 in both; abuse of individuals
 *       ({@code target_indiv_nh}) is harassment, neutral or positive statements about groups and abuse
 *       of objects are not; other categories unknown. Split by template, so that no template is on
 *       both sides.</li>
 *   <li>Written examples (TSV {@code categories<TAB>text}, categories comma-separated wire names or
 *       {@code none}): the named categories 1, the others 0.</li>
 * </ul>
 * In every source a subcategory's 1 is also its parent's (sexual/minors is sexual).
 */
public final class ModerationData {

    /**
     * @param labels per category in {@link ModerationCategory} order: 1, 0 or NaN (unknown)
     * @param key the held-out split key ({@link HeldOut})
     * @param source the file it came from
     */
    public record Sample(String text, float[] labels, String key, String source) {
    }

    private static final Map<String, ModerationCategory> OPENAI = Map.of(
            "S", ModerationCategory.SEXUAL, "H", ModerationCategory.HATE, "V", ModerationCategory.VIOLENCE,
            "HR", ModerationCategory.HARASSMENT, "SH", ModerationCategory.SELF_HARM,
            "S3", ModerationCategory.SEXUAL_MINORS, "H2", ModerationCategory.HATE_THREATENING,
            "V2", ModerationCategory.VIOLENCE_GRAPHIC);

    private ModerationData() {
    }

    /** Every sample of the three data sets in {@code dir}. */
    public static List<Sample> read(Path dir) throws IOException {
        List<Sample> samples = new ArrayList<>();
        samples.addAll(openAi(dir.resolve("openai-moderation-train.jsonl")));
        samples.addAll(surge(dir.resolve("surge-toxicity.csv")));
        samples.addAll(hateCheck(dir.resolve("hatecheck.csv")));
        return samples;
    }

    static List<Sample> openAi(Path file) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = Json.parse(line.getBytes(StandardCharsets.UTF_8));
            float[] labels = unknown();
            OPENAI.forEach((flag, category) -> {
                if (node.has(flag)) {
                    labels[category.ordinal()] = node.get(flag).asInt();
                }
            });
            if (labels[ModerationCategory.SELF_HARM.ordinal()] == 0) {
                labels[ModerationCategory.SELF_HARM_INTENT.ordinal()] = 0;
                labels[ModerationCategory.SELF_HARM_INSTRUCTIONS.ordinal()] = 0;
            }
            if (labels[ModerationCategory.HARASSMENT.ordinal()] == 0) {
                labels[ModerationCategory.HARASSMENT_THREATENING.ordinal()] = 0;
            }
            String text = node.path("prompt").asText();
            samples.add(new Sample(text, implied(labels), text, "openai"));
        }
        return samples;
    }

    static List<Sample> surge(Path file) throws IOException {
        List<List<String>> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
        int text = records.get(0).indexOf("text");
        int toxic = records.get(0).indexOf("is_toxic");
        List<Sample> samples = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            float[] labels = unknown();
            if (record.get(toxic).strip().equals("Toxic")) {
                labels[ModerationCategory.HARASSMENT.ordinal()] = 1;
            } else {
                Arrays.fill(labels, 0);
            }
            samples.add(new Sample(record.get(text), labels, record.get(text), "surge"));
        }
        return samples;
    }

    static List<Sample> hateCheck(Path file) throws IOException {
        List<List<String>> records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
        List<String> header = records.get(0);
        int text = header.indexOf("test_case");
        int gold = header.indexOf("label_gold");
        int functionality = header.indexOf("functionality");
        int template = header.indexOf("templ_id");
        List<Sample> samples = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            float[] labels = unknown();
            boolean hateful = record.get(gold).strip().equals("hateful");
            labels[ModerationCategory.HATE.ordinal()] = hateful ? 1 : 0;
            labels[ModerationCategory.HATE_THREATENING.ordinal()] =
                    hateful && record.get(functionality).startsWith("threat_") ? 1 : 0;
            switch (record.get(functionality)) {
                // abuse of an individual is harassment; neutral and positive statements about groups are not
                case "target_indiv_nh" -> labels[ModerationCategory.HARASSMENT.ordinal()] = 1;
                case "ident_neutral_nh", "ident_pos_nh", "target_obj_nh", "negate_neg_nh" ->
                        labels[ModerationCategory.HARASSMENT.ordinal()] = 0;
                default -> { }
            }
            samples.add(new Sample(record.get(text).strip(), labels, "hatecheck:" + record.get(template), "hatecheck"));
        }
        return samples;
    }

    /** Written examples: lines {@code categories<TAB>text}; {@code #} comments and blank lines skipped. */
    public static List<Sample> written(String content, String source) throws IOException {
        List<Sample> samples = new ArrayList<>();
        String[] lines = content.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IOException(source + ": line " + (i + 1) + " has no tab between categories and text");
            }
            float[] labels = new float[ModerationCategory.all().size()];
            String names = line.substring(0, tab).strip();
            if (!names.equals("none")) {
                for (String name : names.split(",")) {
                    ModerationCategory category = ModerationCategory.byWireName(name.strip());
                    if (category == null) {
                        throw new IOException(source + ": line " + (i + 1) + " names unknown category '" + name + "'");
                    }
                    labels[category.ordinal()] = 1;
                }
            }
            String text = line.substring(tab + 1).replace("\\n", "\n");
            samples.add(new Sample(text, implied(labels), text, source));
        }
        return samples;
    }

    private static float[] unknown() {
        float[] labels = new float[ModerationCategory.all().size()];
        Arrays.fill(labels, Float.NaN);
        return labels;
    }

    /** A subcategory's 1 is also its parent's. */
    private static float[] implied(float[] labels) {
        imply(labels, ModerationCategory.SEXUAL_MINORS, ModerationCategory.SEXUAL);
        imply(labels, ModerationCategory.HARASSMENT_THREATENING, ModerationCategory.HARASSMENT);
        imply(labels, ModerationCategory.HATE_THREATENING, ModerationCategory.HATE);
        imply(labels, ModerationCategory.ILLICIT_VIOLENT, ModerationCategory.ILLICIT);
        imply(labels, ModerationCategory.SELF_HARM_INTENT, ModerationCategory.SELF_HARM);
        imply(labels, ModerationCategory.SELF_HARM_INSTRUCTIONS, ModerationCategory.SELF_HARM);
        imply(labels, ModerationCategory.VIOLENCE_GRAPHIC, ModerationCategory.VIOLENCE);
        return labels;
    }

    private static void imply(float[] labels, ModerationCategory child, ModerationCategory parent) {
        if (labels[child.ordinal()] == 1) {
            labels[parent.ordinal()] = 1;
        }
    }
}
