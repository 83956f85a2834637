package dev.switchboard.guard.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class NamedEntityRecognizerTest {

    private static final NamedEntityRecognizer RECOGNIZER = new NamedEntityRecognizer();
    private static final Analyzer ANALYZER = new Analyzer(List.of(RECOGNIZER));

    /** Findings as (type, covered text) pairs, through the analyzer with its default threshold. */
    private static List<Object[]> found(String text) {
        List<Object[]> out = new ArrayList<>();
        for (Finding f : ANALYZER.analyze(text, AnalysisOptions.DEFAULT)) {
            out.add(new Object[] {f.type(), text.substring(f.start(), f.end())});
        }
        return out;
    }

    private static List<org.assertj.core.groups.Tuple> tuples(String text) {
        return ANALYZER.analyze(text, AnalysisOptions.DEFAULT).stream()
                .map(f -> tuple(f.type(), text.substring(f.start(), f.end()))).toList();
    }

    @Test
    void findsAPersonInAChatMessage() {
        assertThat(tuples("hey, it's Sarah Connor here, can you reset my password?"))
                .containsExactly(tuple(Entities.PERSON, "Sarah Connor"));
    }

    @Test
    void findsPeoplePlacesAndCompaniesInAnEmail() {
        String email = "Hello Michael,\n\nI met Jennifer Lopez from Microsoft in Seattle last week. She wants a demo.\n\n"
                + "Best regards,\nDavid Miller";
        assertThat(tuples(email)).contains(
                tuple(Entities.PERSON, "Jennifer Lopez"),
                tuple(Entities.ORGANIZATION, "Microsoft"),
                tuple(Entities.LOCATION, "Seattle"),
                tuple(Entities.PERSON, "David Miller"));
    }

    @Test
    void findsEntitiesInAForm() {
        assertThat(tuples("Name: Robert Johnson\nCity: Chicago\nCountry: Canada")).containsExactly(
                tuple(Entities.PERSON, "Robert Johnson"),
                tuple(Entities.LOCATION, "Chicago"),
                tuple(Entities.LOCATION, "Canada"));
    }

    @Test
    void findsNamesNoListKnowsFromTheirContext() {
        assertThat(tuples("Please forward the contract to Wojciech Brzęczyszczykiewicz by Friday."))
                .containsExactly(tuple(Entities.PERSON, "Wojciech Brzęczyszczykiewicz"));
    }

    @Test
    void findsALoneSurnameOnceTheFullNameWasSeen() {
        assertThat(tuples("The film was directed by Joakim Westgård. Critics loved Westgård from the start."))
                .containsExactly(tuple(Entities.PERSON, "Joakim Westgård"), tuple(Entities.PERSON, "Westgård"));
    }

    @Test
    void findsTitlesAndNationalitiesFromWordLists() {
        assertThat(tuples("Dr. Anna Kowalski is Polish and works as a senior software engineer.")).containsExactly(
                tuple(Entities.TITLE, "Dr."),
                tuple(Entities.PERSON, "Anna Kowalski"),
                tuple(Entities.NRP, "Polish"),
                tuple(Entities.TITLE, "senior software engineer"));
        assertThat(tuples("Many Buddhists and Catholics live here; most voters are Republicans."))
                .containsExactly(tuple(Entities.NRP, "Buddhists"), tuple(Entities.NRP, "Catholics"),
                        tuple(Entities.NRP, "Republicans"));
    }

    @Test
    void reportsNothingInTextsWithoutEntities() {
        for (String text : List.of(
                "Please reset my password.",
                "The build failed again, can you take a look?",
                "Thanks, that works for me!",
                "I need to change the delivery date of my order.",
                "Can I pay with a credit card or only by bank transfer?",
                "lol same here, see you tomorrow",
                "")) {
            assertThat(found(text)).as(text).isEmpty();
        }
    }

    @Test
    void offsetsAreExactAroundUnicode() {
        String text = "🎉🎉 Congrats to José García and Zoë Smith-Jones from Zürich!";
        List<Finding> findings = RECOGNIZER.analyze(text, Entities.NAMED);
        assertThat(findings).extracting(f -> text.substring(f.start(), f.end()))
                .contains("José García", "Zoë Smith-Jones", "Zürich");
        for (Finding f : findings) {
            assertThat(Character.isWhitespace(text.charAt(f.start()))).isFalse();
            assertThat(Character.isLowSurrogate(text.charAt(f.start()))).isFalse();
        }
    }

    @Test
    void scoresAreProbabilitiesAndOnlyWantedTypesAreReturned() {
        String text = "Mr. John Smith of Acme Inc. moved to Boston.";
        List<Finding> all = RECOGNIZER.analyze(text, Entities.NAMED);
        assertThat(all).isNotEmpty().allSatisfy(f -> assertThat(f.score()).isBetween(0.0, 1.0));
        assertThat(RECOGNIZER.analyze(text, java.util.Set.of(Entities.LOCATION)))
                .extracting(Finding::type).containsOnly(Entities.LOCATION).isNotEmpty();
    }

    @Test
    void givesTheSameAnswersFromManyThreadsAtOnce() throws Exception {
        List<String> texts = List.of("Sarah Connor lives in Los Angeles.", "Ask Tom at Google about it.",
                "Dear Mrs. Patel, your order from Amazon shipped.", "nothing to see here");
        List<List<Finding>> expected = texts.stream().map(t -> RECOGNIZER.analyze(t, Entities.NAMED)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        for (int i = 0; i < texts.size(); i++) {
                            if (!RECOGNIZER.analyze(texts.get(i), Entities.NAMED).equals(expected.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void randomAndHostileInputNeverThrowsAndStaysInBounds() {
        SplittableRandom random = new SplittableRandom(7);
        int[] alphabet = {'a', 'Z', ' ', '\n', '.', '-', '\'', '@', '#', '&', '\u0301', '\u200b', '\u202e', 0x1F600,
                0xD800, 0xDC00, '\u00e9', '\u4e2d', '\u0000', '\t', 'M', 'r', 'D'};
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                int cp = random.nextInt(4) == 0 ? random.nextInt(0x30000) : alphabet[random.nextInt(alphabet.length)];
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    text.append((char) cp); // lone surrogates
                } else {
                    text.appendCodePoint(cp);
                }
            }
            String s = text.toString();
            for (Finding f : RECOGNIZER.analyze(s, Entities.NAMED)) {
                assertThat(f.end()).isLessThanOrEqualTo(s.length());
            }
        }
    }

    @Test
    void tagsAMegabyteOfTextQuickly() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 1_000_000) {
            text.append("Hi Anna, this is John Miller from Acme Corp in Denver. Please call me back. ");
        }
        text.append("x".repeat(100_000)).append(' ').append("-".repeat(100_000));
        for (int i = 0; i < 3; i++) {
            RECOGNIZER.analyze(text.substring(0, 200_000), Entities.NAMED); // let the JIT compile the hot loops
        }
        long started = System.nanoTime();
        List<Finding> findings = RECOGNIZER.analyze(text.toString(), Entities.NAMED);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(findings).hasSizeGreaterThan(10_000);
        assertThat(took).as("a generous bound on a busy machine; throughput is measured in switchboard-bench")
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void theModelShipsAsAResourceAndLoadsWithItsCalibration() throws Exception {
        assertThat(NamedEntityRecognizer.class.getResource(NamedEntityRecognizer.MODEL_RESOURCE)).isNotNull();
        assertThat(NamedEntityRecognizer.class.getResource(NamedEntityRecognizer.GAZETTEER_RESOURCE)).isNotNull();
        long started = System.nanoTime();
        NamedEntityRecognizer.Model model = NamedEntityRecognizer.Model.loadBundled();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(model.tagger().hashBits).isBetween(16, 22);
        assertThat(model.tagger().temperature()).isPositive();
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }
}
