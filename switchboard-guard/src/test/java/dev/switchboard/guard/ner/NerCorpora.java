package dev.switchboard.guard.ner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Readers of the token-level NER corpora under {@code shared/data/ner}, mapped to PER/LOC/ORG BIO labels. */
final class NerCorpora {

    /** One labelled sentence: words and BIO label ids of {@link LinearChainModel#LABELS}. */
    record Sentence(String[] words, int[] labels) {
    }

    /** A sentence of an evaluation corpus with its raw text and gold char spans. */
    record TextSentence(String text, List<Span> spans) {
    }

    record Span(String type, int start, int end) {
    }

    private NerCorpora() {
    }

    /** Finds {@code shared/data} from the property {@code switchboard.data} or by walking up from the working directory. */
    static Path dataDir() {
        String configured = System.getProperty("switchboard.data", System.getenv("SWITCHBOARD_DATA"));
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data");
            if (Files.isDirectory(candidate.resolve("ner"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find shared/data; set -Dswitchboard.data=/path/to/shared/data");
    }

    /** Entity type of a corpus tag body ("PER", "person", "corporation"), or null for none. */
    static String type(String tag) {
        return switch (tag) {
            case "PER", "person" -> "PER";
            case "LOC", "GPE", "location" -> "LOC";
            case "ORG", "corporation", "group" -> "ORG";
            default -> null;
        };
    }

    static int labelId(String type, boolean begin) {
        int base = switch (type) {
            case "PER" -> 1;
            case "LOC" -> 3;
            case "ORG" -> 5;
            default -> throw new IllegalArgumentException(type);
        };
        return begin ? base : base + 1;
    }

    /**
     * Reads a CoNLL-style file: one token per line, columns split by {@code separator}, the tag in the
     * last column, sentences separated by blank lines; {@code iob1} converts IOB1 (I- opens an entity
     * unless it continues one of the same type) to BIO.
     */
    static List<Sentence> conll(Path file, String separator, boolean iob1) throws IOException {
        List<Sentence> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("-DOCSTART-")) {
                flush(words, tags, iob1, out);
                continue;
            }
            String[] cols = line.strip().split(separator);
            if (cols.length < 2) {
                flush(words, tags, iob1, out);
                continue;
            }
            words.add(cols[0]);
            tags.add(cols[cols.length - 1]);
        }
        flush(words, tags, iob1, out);
        return out;
    }

    /** IOB1 and BIO decode alike here: an I- tag after another type (or none) opens an entity. */
    private static void flush(List<String> words, List<String> tags, boolean iob1, List<Sentence> out) {
        if (words.isEmpty()) {
            return;
        }
        int[] labels = new int[words.size()];
        String previous = null;
        for (int i = 0; i < words.size(); i++) {
            String tag = tags.get(i);
            String type = tag.length() > 2 && tag.charAt(1) == '-' ? type(tag.substring(2)) : null;
            if (type == null) {
                labels[i] = 0;
                previous = null;
                continue;
            }
            boolean begin = tag.startsWith("B-") || !type.equals(previous);
            labels[i] = labelId(type, begin);
            previous = type;
        }
        out.add(new Sentence(words.toArray(String[]::new), labels));
        words.clear();
        tags.clear();
    }

    static List<Sentence> wikigold(Path data) throws IOException {
        return conll(data.resolve("ner/wikigold/wikigold.conll.txt"), " ", true);
    }

    static List<Sentence> twitterTrain(Path data) throws IOException {
        return conll(data.resolve("ner/broad_twitter_corpus/splits/btc.train"), "\t", false);
    }

    static List<Sentence> twitterDev(Path data) throws IOException {
        return conll(data.resolve("ner/broad_twitter_corpus/splits/btc.dev"), "\t", false);
    }

    static List<Sentence> wnutTrain(Path data) throws IOException {
        return conll(data.resolve("ner/wnut17/wnut17train.conll"), "\t", false);
    }

    static List<Sentence> wnutDev(Path data) throws IOException {
        return conll(data.resolve("ner/wnut17/emerging.dev.conll"), "\t", false);
    }

    /** SEC loan agreements, without sentences whose locations hold digits (street addresses tagged LOC). */
    static List<Sentence> secFilings(Path data) throws IOException {
        List<Sentence> out = new ArrayList<>();
        for (String file : List.of("FIN5.train.txt", "FIN3.test.txt")) {
            for (Sentence s : conll(data.resolve("ner/sec_filings_fin").resolve(file), " ", true)) {
                boolean addressLike = false;
                for (int i = 0; i < s.words().length; i++) {
                    if ((s.labels()[i] == 3 || s.labels()[i] == 4) && s.words()[i].chars().anyMatch(Character::isDigit)) {
                        addressLike = true;
                    }
                }
                if (!addressLike) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** UNER English EWT dev (evaluation only: CC-BY-SA, never trained on). */
    static List<TextSentence> unerEnglishEwt(Path data) throws IOException {
        List<TextSentence> out = new ArrayList<>();
        String text = null;
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("ner/uner_english_ewt/en_ewt-ud-dev.iob2"), StandardCharsets.UTF_8)) {
            if (line.startsWith("# text = ")) {
                text = line.substring("# text = ".length());
            } else if (line.startsWith("#")) {
                continue;
            } else if (line.isBlank()) {
                if (text != null && !words.isEmpty()) {
                    out.add(align(text, words, tags));
                }
                text = null;
                words.clear();
                tags.clear();
            } else {
                String[] cols = line.split("\t");
                words.add(cols[1]);
                tags.add(cols[2]);
            }
        }
        if (text != null && !words.isEmpty()) {
            out.add(align(text, words, tags));
        }
        return out;
    }

    private static TextSentence align(String text, List<String> words, List<String> tags) {
        List<Span> spans = new ArrayList<>();
        int cursor = 0;
        String open = null;
        int openStart = 0;
        int openEnd = 0;
        for (int i = 0; i < words.size(); i++) {
            int at = text.indexOf(words.get(i), cursor);
            int start = at < 0 ? cursor : at;
            int end = at < 0 ? cursor : at + words.get(i).length();
            cursor = end;
            String tag = tags.get(i);
            String type = tag.length() > 2 ? type(tag.substring(2)) : null;
            if (open != null && (type == null || tag.startsWith("B-") || !type.equals(open))) {
                spans.add(new Span(open, openStart, openEnd));
                open = null;
            }
            if (type != null) {
                if (open == null) {
                    open = type;
                    openStart = start;
                }
                openEnd = end;
            }
        }
        if (open != null) {
            spans.add(new Span(open, openStart, openEnd));
        }
        return new TextSentence(text, spans);
    }

    static <T> List<T> map(List<Sentence> sentences, Function<Sentence, T> f) {
        return sentences.stream().map(f).toList();
    }
}
