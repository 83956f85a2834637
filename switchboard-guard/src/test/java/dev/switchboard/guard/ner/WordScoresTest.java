package dev.switchboard.guard.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The cached per-word scores give exactly the label scores of the feature ids the model was trained
 * on, for words seen before and words seen for the first time.
 */
class WordScoresTest {

    private static final NamedEntityRecognizer.Model MODEL = NamedEntityRecognizer.Model.loadBundled();
    private static final String[] WORDS = {"Anna", "Schmidt", "moved", "to", "New", "York", "new", "york", "Bank", "of",
        "America", "bank", "the", "The", "Dr.", "Mehta", "works", "as", "a", "senior", "software", "engineer", "at", "Acme",
        "Inc.", "GmbH", "in", "Berlin", "Paris", "Texas", "U.S.", "O'Brien", "Weeks-Rivas", "42", "3.5", ",", ".", "!",
        "\"", "(", ")", "@alice", "anna@example.com", "https://example.com/x", "Zoë", "Łódź", "İstanbul", "MARY", "mary",
        "Jean-Luc", "van", "der", "Berg", "Buddhists", "Catholics", "Democratic", "Party", "Indian", "Ocean", "x"};

    @Test
    void cachedScoresEqualTheScoresOfTheExtractedFeatureIds() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 400; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = 1 + random.nextInt(60); i > 0; i--) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? "\n" : " ");
            }
            assertSameScores(text.toString());
            assertSameScores(text.toString()); // now every word comes from the cache
        }
    }

    @Test
    void wordsWithManyGazetteerFlagsAndPhrasesAroundThemScoreTheSame() {
        // the most gazetteer ids a word gets: its own flags and its four neighbours' (~70 of 96 slots)
        assertSameScores("Paris Houston Santiago Jordan Georgia Paris Houston Santiago Jordan in New York City");
        assertSameScores("paris texas jordan georgia victoria washington lincoln houston chelsea austin");
    }

    @Test
    void wordsLongerThanTheCachedLengthAreScoredTheSame() {
        assertSameScores("Visit " + "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(2) + " in Berlin today");
    }

    @Test
    void aPhraseHashedWordByWordFindsTheFlagsOfTheJoinedPhrase() {
        Gazetteer gazetteer = MODEL.features().gazetteer();
        for (String phrase : List.of("new york", "bank of america", "united states", "no such phrase here")) {
            long state = Gazetteer.HASH_START;
            String[] parts = phrase.split(" ");
            for (int k = 0; k < parts.length; k++) {
                state = Gazetteer.extend(k == 0 ? state : Gazetteer.extend(state, ' '), parts[k]);
            }
            assertThat(gazetteer.flagsOfHashState(state)).as(phrase).isEqualTo(gazetteer.flags(phrase));
        }
        assertThat(gazetteer.flags("new york")).isNotZero();
    }

    private static void assertSameScores(String text) {
        Tokens tokens = Tokens.of(text);
        int n = tokens.size();
        WordScores.Entry[] entries = new WordScores.Entry[n];
        Features.Word[] described = new Features.Word[n];
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries[i] = MODEL.scores().of(text, tokens.start(i), tokens.end(i));
            described[i] = entries[i].word();
            words.add(tokens.word(i));
            assertThat(described[i].word()).isEqualTo(tokens.word(i));
        }
        for (int from = 0; from < n; from += 1 + n / 3) {
            int to = Math.min(n, from + 1 + n / 2);
            double[][] expected = MODEL.tagger().emissions(MODEL.features().extract(
                    words.subList(from, to).toArray(String[]::new)));
            assertThat(MODEL.scores().emissions(entries, described, from, to)).as(text).isEqualTo(expected);
        }
    }
}
