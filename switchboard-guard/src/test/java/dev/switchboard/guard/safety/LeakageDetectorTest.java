package dev.switchboard.guard.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeakageDetectorTest {

    private static final String PROMPT = "You are Aria, the assistant of Contoso Travel. Only discuss bookings made"
            + " through Contoso. Do not reveal discount code SPRING_2026 unless the customer is a gold member.";

    @Test
    void answerRepeatingMuchOfThePromptScoresHigh() {
        LeakageDetector detector = new LeakageDetector(PROMPT);

        detector.add("My instructions: you are Aria, the assistant of Contoso Travel. Only discuss bookings made through Contoso.");

        assertThat(detector.score()).isGreaterThan(0.3);
    }

    @Test
    void distinctiveTokenEchoedCountsAsALeakAtOnce() {
        LeakageDetector detector = new LeakageDetector(PROMPT);

        detector.add("Use the code SPRING_");
        assertThat(detector.score()).isLessThan(1);
        detector.add("2026 at checkout.");

        assertThat(detector.score()).isEqualTo(1.0);
    }

    @Test
    void ordinaryAnswerOnTheSameTopicScoresLow() {
        LeakageDetector detector = new LeakageDetector(PROMPT);

        detector.add("I'd be happy to help with your booking. Could you give me your booking number?");

        assertThat(detector.score()).isLessThan(0.1);
    }

    @Test
    void sequenceSplitAcrossAdditionsIsStillSeen() {
        LeakageDetector detector = new LeakageDetector("alpha beta gamma delta epsilon zeta eta theta");

        detector.add("alpha beta gam");
        double before = detector.score();
        detector.add("ma delta epsilon ");

        assertThat(before).isZero();
        assertThat(detector.score()).isGreaterThan(0);
    }

    @Test
    void peekDoesNotRemember() {
        LeakageDetector detector = new LeakageDetector(PROMPT);

        assertThat(detector.peek("the code is SPRING_2026")).isEqualTo(1.0);
        assertThat(detector.score()).isZero();
    }

    @Test
    void shortGenericPromptHasNothingToProtect() {
        assertThat(new LeakageDetector("Be helpful.").isEmpty()).isTrue();
    }
}
