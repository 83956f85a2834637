package dev.switchboard.retrieval.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs the sentences of one section into chunks of at most {@code maxTokens}: paragraphs are kept
 * whole when they fit, a chunk closes at a paragraph boundary once it is half full rather than split
 * the next paragraph, and each chunk after the first starts with the previous one's last sentences
 * (up to {@code overlapTokens}). A single sentence longer than the limit is cut between words.
 */
final class Packer {

    /**
     * A sentence and where it sits.
     *
     * @param startsParagraph the first sentence of a paragraph
     * @param breakBefore a chunk must end before it (a semantic boundary)
     */
    record Unit(String text, int tokens, boolean startsParagraph, boolean breakBefore) {
    }

    private final int maxTokens;
    private final int overlapTokens;

    Packer(ChunkingOptions options) {
        this.maxTokens = options.maxTokens();
        this.overlapTokens = options.overlapTokens();
    }

    /** Sentence units of paragraphs, each paragraph's first one marked. */
    List<Unit> units(List<String> paragraphs) {
        List<Unit> units = new ArrayList<>();
        for (String paragraph : paragraphs) {
            boolean first = true;
            List<String> sentences = paragraph.contains("```") ? List.of(paragraph) : Sentences.split(paragraph);
            for (String sentence : sentences) {
                for (String piece : fit(sentence)) {
                    units.add(new Unit(piece, Tokens.count(piece), first, false));
                    first = false;
                }
            }
        }
        return units;
    }

    /** Chunk texts of the units, in order. */
    List<String> pack(List<Unit> units) {
        List<String> chunks = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        int tokens = 0;
        boolean fresh = false; // current holds only carried-over overlap
        for (int i = 0; i < units.size(); i++) {
            Unit unit = units.get(i);
            boolean full = tokens + unit.tokens > maxTokens;
            boolean paragraphBreak = unit.startsParagraph && tokens >= maxTokens / 2
                    && tokens + paragraphTokens(units, i) > maxTokens;
            if (!current.isEmpty() && !fresh && (full || paragraphBreak || unit.breakBefore)) {
                chunks.add(join(current));
                current = unit.breakBefore ? new ArrayList<>() : tail(current);
                tokens = current.stream().mapToInt(Unit::tokens).sum();
                fresh = !current.isEmpty();
            }
            if (fresh && tokens + unit.tokens > maxTokens) {
                current.clear(); // the overlap and this unit do not fit together: the unit wins
                tokens = 0;
            }
            current.add(unit);
            tokens += unit.tokens;
            fresh = false;
        }
        if (!current.isEmpty() && !fresh) {
            chunks.add(join(current));
        }
        return chunks;
    }

    private static int paragraphTokens(List<Unit> units, int from) {
        int tokens = units.get(from).tokens;
        for (int i = from + 1; i < units.size() && !units.get(i).startsParagraph; i++) {
            tokens += units.get(i).tokens;
        }
        return tokens;
    }

    private List<Unit> tail(List<Unit> chunk) {
        List<Unit> tail = new ArrayList<>();
        int tokens = 0;
        for (int i = chunk.size() - 1; i > 0; i--) { // never the whole previous chunk
            Unit unit = chunk.get(i);
            if (tokens + unit.tokens > overlapTokens) {
                break;
            }
            tail.addFirst(unit);
            tokens += unit.tokens;
        }
        return tail;
    }

    private static String join(List<Unit> units) {
        StringBuilder text = new StringBuilder();
        for (Unit unit : units) {
            if (!text.isEmpty()) {
                text.append(unit.startsParagraph ? "\n\n" : " ");
            }
            text.append(unit.text);
        }
        return text.toString();
    }

    /** A sentence as pieces of at most {@code maxTokens}, cut between words. */
    private List<String> fit(String sentence) {
        if (Tokens.count(sentence) <= maxTokens) {
            return List.of(sentence);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int tokens = 0;
        for (String word : sentence.split("\\s+")) {
            int wordTokens = Tokens.count(word);
            if (tokens + wordTokens > maxTokens && !piece.isEmpty()) {
                pieces.add(piece.toString());
                piece.setLength(0);
                tokens = 0;
            }
            if (!piece.isEmpty()) {
                piece.append(' ');
            }
            piece.append(word);
            tokens += wordTokens;
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }
}
