package dev.switchboard.guard.classify;

import dev.switchboard.guard.classify.eval.BinaryMetrics;
import dev.switchboard.guard.classify.eval.HeldOut;
import dev.switchboard.guard.classify.eval.InjectionData;
import dev.switchboard.guard.classify.eval.ModerationData;
import dev.switchboard.guard.injection.InjectionDetector;
import dev.switchboard.guard.injection.InjectionRules;
import dev.switchboard.guard.injection.InjectionVerdict;
import dev.switchboard.guard.moderation.ModerationCategory;
import dev.switchboard.guard.moderation.ModerationClassifier;
import dev.switchboard.guard.moderation.ModerationScores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The training recipe of the guards' shipped models ({@code scripts/train-guards}, see
 * docs/guards-training.md): reads the shared data and the examples written for Switchboard, keeps
 * the {@link HeldOut} split out, trains with {@link LinearTrainer} and writes the models into
 * {@code src/main/resources}. Deterministic: fixed seed, single thread.
 */
public final class GuardTrainer {

    public static final long SEED = 20261127L;
    static final int INJECTION_BITS = 18;
    static final int MODERATION_BITS = 16;
    /** Longest training text, in folded chars: about two scoring windows. */
    static final int MAX_TRAIN_CHARS = 2048;
    static final String WRITTEN = "/dev/switchboard/guard/training/";
    /** Most prose texts added as injection negatives. */
    static final int MAX_PROSE = Integer.getInteger("guards.prose", 400);
    /** Their weight in the loss: they teach what ordinary text is without outvoting the injection data. */
    static final float PROSE_WEIGHT = Float.parseFloat(System.getProperty("guards.proseWeight", "0.1"));

    private GuardTrainer() {
    }

    public static Path resourceDir() {
        Path module = Files.isDirectory(Path.of("src/main/resources")) ? Path.of("") : Path.of("switchboard-guard");
        return module.resolve("src/main/resources/dev/switchboard/guard");
    }

    /** Trains the injection model on the deepset training part plus the written examples. */
    public static LinearModel trainInjection(Path dataDir) throws IOException {
        List<InjectionData.Sample> samples = new ArrayList<>();
        for (InjectionData.Sample sample : InjectionData.read(dataDir.resolve("injection/deepset-train.csv"))) {
            if (!HeldOut.contains(sample.text())) {
                samples.add(sample);
            }
        }
        int fromData = samples.size();
        samples.addAll(InjectionData.tsv(written("injection-written.tsv"), "injection-written.tsv"));
        // Ordinary prose that is no injection: comments and web text of the moderation data (training side),
        // cut to one scoring window. Without them, deepset's benign texts (short questions) teach that long
        // or declarative text is suspicious.
        int benignProse = 0;
        for (ModerationData.Sample sample : ModerationData.read(dataDir.resolve("moderation"))) {
            if (!sample.source().equals("hatecheck") && !HeldOut.contains(sample.key()) && benignProse < MAX_PROSE) {
                samples.add(new InjectionData.Sample(firstWindow(sample.text()), false));
                benignProse++;
            }
        }
        TextFeatures features = new TextFeatures(INJECTION_BITS);
        List<SparseVector> xs = new ArrayList<>();
        float[][] labels = new float[samples.size()][1];
        for (int i = 0; i < samples.size(); i++) {
            String folded = folded(samples.get(i).text());
            Set<String> families = new LinkedHashSet<>();
            InjectionRules.find(folded).forEach(hit -> families.add(hit.family()));
            xs.add(copy(InjectionDetector.features(features, folded, new ArrayList<>(families))));
            labels[i][0] = samples.get(i).injection() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "injection: %d training texts (%d deepset, %d written, %d benign prose)%n",
                samples.size(), fromData, samples.size() - fromData - benignProse, benignProse);
        float[] weights = new float[samples.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = i >= samples.size() - benignProse ? PROSE_WEIGHT : 1f;
        }
        return new LinearTrainer(INJECTION_BITS, 12, 0.2, 1e-6, SEED).train(List.of("injection"), xs, labels, weights);
    }

    /** Trains the moderation model on the training part of the moderation data and written examples. */
    public static LinearModel trainModeration(Path dataDir) throws IOException {
        List<ModerationData.Sample> samples = new ArrayList<>();
        List<ModerationData.Sample> all = new ArrayList<>(ModerationData.read(dataDir.resolve("moderation")));
        all.addAll(ModerationData.written(written("moderation-written.tsv"), "written"));
        // deepset's benign texts (everyday questions, English and German) are harmless in every category:
        // they teach that short ordinary sentences are not toxic, which the toxicity data alone does not
        for (InjectionData.Sample sample : InjectionData.read(dataDir.resolve("injection/deepset-train.csv"))) {
            if (!sample.injection()) {
                all.add(new ModerationData.Sample(sample.text(), new float[ModerationCategory.all().size()], sample.text(),
                        "deepset"));
            }
        }
        for (ModerationData.Sample sample : all) {
            if (!HeldOut.contains(sample.key())) {
                samples.add(sample);
            }
        }
        int encyclopedic = 0;
        for (String sentence : wikigoldSentences(dataDir)) {
            if (!HeldOut.contains(sentence)) {
                samples.add(new ModerationData.Sample(sentence, neutral(), sentence, "wikigold"));
                encyclopedic++;
            }
        }
        System.out.printf(Locale.ROOT, "moderation: %d Wikipedia sentences (wikigold) as neutral text%n", encyclopedic);
        TextFeatures features = new TextFeatures(MODERATION_BITS);
        List<SparseVector> xs = new ArrayList<>();
        float[][] labels = new float[samples.size()][];
        for (int i = 0; i < samples.size(); i++) {
            xs.add(copy(ModerationClassifier.features(features, folded(samples.get(i).text()))));
            labels[i] = samples.get(i).labels();
        }
        System.out.printf(Locale.ROOT, "moderation: %d training texts of %d%n", samples.size(), all.size());
        return new LinearTrainer(MODERATION_BITS, 10, 0.2, 1e-6, SEED).train(ModerationCategory.wireNames(), xs, labels);
    }

    /** Trains both models, writes them into the resources and prints their held-out scores. */
    public static void trainAndWrite(Path dataDir, Path resourceDir) throws IOException {
        LinearModel injection = trainInjection(dataDir);
        write(injection, resourceDir.resolve("injection").resolve(InjectionDetector.MODEL_RESOURCE));
        LinearModel moderation = trainModeration(dataDir);
        write(moderation, resourceDir.resolve("moderation").resolve(ModerationClassifier.MODEL_RESOURCE));

        InjectionDetector detector = new InjectionDetector(injection);
        List<Double> scores = new ArrayList<>();
        List<Boolean> truth = new ArrayList<>();
        for (InjectionData.Sample sample : InjectionData.read(dataDir.resolve("injection/deepset-train.csv"))) {
            if (HeldOut.contains(sample.text())) {
                InjectionVerdict verdict = detector.score(sample.text());
                scores.add(verdict.score());
                truth.add(sample.injection());
            }
        }
        BinaryMetrics metrics = BinaryMetrics.of(scores, truth);
        System.out.printf(Locale.ROOT, "injection held-out: n=%d AUC %.3f TPR@1%%FPR %.3f%n", scores.size(),
                metrics.auc(), metrics.tprAtFpr(0.01));
        scores.clear();
        truth.clear();
        for (InjectionData.Sample sample : InjectionData.tsv(written("injection-written-test.tsv"), "test")) {
            scores.add(detector.score(sample.text()).score());
            truth.add(sample.injection());
        }
        metrics = BinaryMetrics.of(scores, truth);
        System.out.printf(Locale.ROOT, "injection written test: n=%d AUC %.3f TPR@1%%FPR %.3f at0.5 P %.3f R %.3f%n",
                scores.size(), metrics.auc(), metrics.tprAtFpr(0.01), metrics.at(0.5).precision(), metrics.at(0.5).recall());
        int prose = 0;
        int flaggedProse = 0;
        for (ModerationData.Sample sample : ModerationData.read(dataDir.resolve("moderation"))) {
            if (!sample.source().equals("hatecheck") && HeldOut.contains(sample.key())) {
                prose++;
                flaggedProse += detector.score(sample.text()).score() >= 0.5 ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "injection on held-out prose: %d of %d flagged at 0.5%n", flaggedProse, prose);
        ModerationClassifier classifier = new ModerationClassifier(moderation);
        List<ModerationData.Sample> heldOut = new ArrayList<>();
        for (ModerationData.Sample sample : ModerationData.read(dataDir.resolve("moderation"))) {
            if (HeldOut.contains(sample.key())) {
                heldOut.add(sample);
            }
        }
        List<ModerationScores> scored = heldOut.stream().map(sample -> classifier.score(sample.text())).toList();
        for (ModerationCategory category : ModerationCategory.all()) {
            List<Double> s = new ArrayList<>();
            List<Boolean> t = new ArrayList<>();
            for (int i = 0; i < heldOut.size(); i++) {
                float y = heldOut.get(i).labels()[category.ordinal()];
                if (!Float.isNaN(y)) {
                    s.add(scored.get(i).score(category));
                    t.add(y == 1);
                }
            }
            if (t.contains(true) && t.contains(false)) {
                BinaryMetrics m = BinaryMetrics.of(s, t);
                System.out.printf(Locale.ROOT, "moderation held-out %-24s n=%4d AUC %.3f F1@0.5 %.3f%n",
                        category.wireName(), t.size(), m.auc(), m.at(0.5).f1());
            }
        }
    }

    /**
     * Encyclopedic sentences (wikigold, CC-BY-4.0), detokenized: neutral declarative text, 0 in every
     * category but violence (history describes battles), which stays unknown.
     */
    static List<String> wikigoldSentences(Path dataDir) throws IOException {
        List<String> sentences = new ArrayList<>();
        StringBuilder sentence = new StringBuilder();
        for (String line : Files.readAllLines(dataDir.resolve("ner/wikigold/wikigold.conll.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                if (sentence.length() > 20) {
                    sentences.add(sentence.toString().replaceAll(" ([.,;:!?')])", "$1").replace("( ", "("));
                }
                sentence.setLength(0);
                continue;
            }
            String word = line.substring(0, line.lastIndexOf(' ') < 0 ? line.length() : line.lastIndexOf(' '));
            if (!word.equals("-DOCSTART-")) {
                sentence.append(sentence.length() == 0 ? "" : " ").append(word);
            }
        }
        return sentences;
    }

    private static float[] neutral() {
        float[] labels = new float[ModerationCategory.all().size()];
        labels[ModerationCategory.VIOLENCE.ordinal()] = Float.NaN;
        labels[ModerationCategory.VIOLENCE_GRAPHIC.ordinal()] = Float.NaN;
        return labels;
    }

    /** The text up to the end of its first injection scoring window (at a space). */
    static String firstWindow(String text) {
        if (text.length() <= InjectionDetector.WINDOW_CHARS) {
            return text;
        }
        int space = text.lastIndexOf(' ', InjectionDetector.WINDOW_CHARS);
        return text.substring(0, space > InjectionDetector.WINDOW_CHARS / 2 ? space : InjectionDetector.WINDOW_CHARS);
    }

    static String folded(String text) {
        String folded = GuardText.of(text).text();
        return folded.length() > MAX_TRAIN_CHARS ? folded.substring(0, MAX_TRAIN_CHARS) : folded;
    }

    static String written(String name) throws IOException {
        try (InputStream in = GuardTrainer.class.getResourceAsStream(WRITTEN + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + WRITTEN + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SparseVector copy(SparseVector x) {
        return new SparseVector(java.util.Arrays.copyOf(x.indices(), x.size()),
                java.util.Arrays.copyOf(x.values(), x.size()), x.size());
    }

    private static void write(LinearModel model, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            model.write(out);
        }
        System.out.printf(Locale.ROOT, "wrote %s (%d bytes)%n", file, Files.size(file));
    }
}
