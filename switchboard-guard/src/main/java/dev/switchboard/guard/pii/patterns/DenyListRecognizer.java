package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * Finds listed phrases (a tenant's customer names, project code names) as whole words, ignoring
 * case and treating any run of whitespace as one space. An Aho–Corasick automaton matches all
 * phrases in one pass, so the cost is linear in the text plus the matches, however many phrases.
 *
 * <p>Immutable and thread-safe.
 */
public final class DenyListRecognizer implements Recognizer {

    private final String name;
    private final String entity;
    private final double score;
    private final Set<String> contextWords;
    /** Per state, its transitions. */
    private final List<Map<Character, Integer>> next = new ArrayList<>();
    private final int[] failure;
    /** Per state, the length of the longest phrase ending there, or 0. */
    private final int[] phraseLength;
    /** Per state, the nearest state on its failure chain that ends a phrase, or -1. */
    private final int[] outputLink;

    DenyListRecognizer(String name, String entity, List<String> phrases, double score, Set<String> contextWords) {
        this.name = name;
        this.entity = entity;
        this.score = score;
        this.contextWords = Set.copyOf(contextWords);
        next.add(new HashMap<>());
        List<Integer> lengths = new ArrayList<>();
        lengths.add(0);
        for (String phrase : phrases) {
            String key = canonical(phrase);
            int state = 0;
            for (int i = 0; i < key.length(); i++) {
                Integer target = next.get(state).get(key.charAt(i));
                if (target == null) {
                    target = next.size();
                    next.get(state).put(key.charAt(i), target);
                    next.add(new HashMap<>());
                    lengths.add(0);
                }
                state = target;
            }
            lengths.set(state, key.length());
        }
        int states = next.size();
        failure = new int[states];
        phraseLength = lengths.stream().mapToInt(Integer::intValue).toArray();
        outputLink = new int[states];
        outputLink[0] = -1;
        Queue<Integer> queue = new ArrayDeque<>();
        for (int child : next.get(0).values()) {
            failure[child] = 0;
            outputLink[child] = -1;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int state = queue.remove();
            for (Map.Entry<Character, Integer> edge : next.get(state).entrySet()) {
                int child = edge.getValue();
                int f = failure[state];
                while (f != 0 && !next.get(f).containsKey(edge.getKey())) {
                    f = failure[f];
                }
                Integer viaFailure = next.get(f).get(edge.getKey());
                failure[child] = viaFailure != null && viaFailure != child ? viaFailure : 0;
                outputLink[child] = phraseLength[failure[child]] > 0 ? failure[child] : outputLink[failure[child]];
                queue.add(child);
            }
        }
    }

    /** Lower case, whitespace runs as one space, trimmed: how phrases and text are compared. */
    static String canonical(String phrase) {
        StringBuilder key = new StringBuilder(phrase.length());
        boolean space = false;
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (Character.isWhitespace(c)) {
                space = key.length() > 0;
            } else {
                if (space) {
                    key.append(' ');
                    space = false;
                }
                key.append(Character.toLowerCase(c));
            }
        }
        return key.toString();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> entities() {
        return Set.of(entity);
    }

    @Override
    public Set<String> contextWords() {
        return contextWords;
    }

    @Override
    public List<Finding> analyze(String text, Set<String> wanted) {
        List<Finding> found = new ArrayList<>();
        // Text offset of each canonical char, to map a match back to the text.
        int[] origin = new int[text.length() + 1];
        int canonicalLength = 0;
        int state = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char raw = text.charAt(i);
            if (Character.isWhitespace(raw)) {
                if (!pendingSpace) {
                    pendingSpace = true;
                    state = step(state, ' ');
                    origin[canonicalLength++] = i;
                    report(text, origin, canonicalLength, state, i, found);
                }
                continue;
            }
            pendingSpace = false;
            state = step(state, Character.toLowerCase(raw));
            origin[canonicalLength++] = i;
            report(text, origin, canonicalLength, state, i + 1, found);
        }
        return found;
    }

    private int step(int state, char c) {
        while (true) {
            Integer target = next.get(state).get(c);
            if (target != null) {
                return target;
            }
            if (state == 0) {
                return 0;
            }
            state = failure[state];
        }
    }

    private void report(String text, int[] origin, int canonicalLength, int state, int end, List<Finding> found) {
        for (int s = phraseLength[state] > 0 ? state : outputLink[state]; s > 0; s = outputLink[s]) {
            int start = origin[canonicalLength - phraseLength[s]];
            boolean wordStart = start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1));
            boolean wordEnd = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (wordStart && wordEnd) {
                found.add(new Finding(entity, start, end, score, name));
            }
        }
    }
}
