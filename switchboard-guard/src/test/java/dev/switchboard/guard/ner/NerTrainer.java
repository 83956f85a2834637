package dev.switchboard.guard.ner;

import dev.switchboard.guard.ner.NerCorpora.Sentence;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Trains the named-entity tagger shipped in {@code src/main/resources/dev/switchboard/guard/ner/}:
 * a structured averaged perceptron over hashed features, Viterbi-decoded, on openly licensed
 * corpora (WikiGold, Broad Twitter Corpus, WNUT-17, SEC filings) and template sentences filled from
 * the gazetteers. Deterministic for a given seed and data. Run with {@code scripts/train-ner}.
 */
public final class NerTrainer {

    static final long SEED = 20240611L;
    static final int HASH_BITS = 18;
    static final int EPOCHS = 10;
    static final int SYNTHETIC_SENTENCES = 20_000;
    static final double GAZETTEER_DROPOUT = 0.25;

    private final int hashBits;
    private final float[] weights;
    private final double[] weightSums;
    private final double[] transitions = new double[(LinearChainModel.LABEL_COUNT + 1) * LinearChainModel.LABEL_COUNT];
    private final double[] transitionSums = new double[transitions.length];
    private long step = 1;

    NerTrainer(int hashBits) {
        this.hashBits = hashBits;
        this.weights = new float[(1 << hashBits) * LinearChainModel.LABEL_COUNT];
        this.weightSums = new double[weights.length];
    }

    public static void main(String[] args) throws IOException {
        Path data = NerCorpora.dataDir();
        Path out = args.length > 0 ? Path.of(args[0]) : resourceDir();
        train(data, out);
    }

    static Path resourceDir() {
        Path module = Path.of("").toAbsolutePath();
        if (!module.endsWith("switchboard-guard")) {
            module = module.resolve("switchboard-guard");
        }
        return module.resolve("src/main/resources/dev/switchboard/guard/ner");
    }

    record Instance(int[][] features, int[] labels) {
    }

    static void train(Path data, Path out) throws IOException {
        long started = System.nanoTime();
        GazetteerSource source = GazetteerSource.load(data);
        Files.createDirectories(out);
        try (OutputStream stream = Files.newOutputStream(out.resolve(NamedEntityRecognizer.GAZETTEER_RESOURCE))) {
            source.write(stream);
        }
        Gazetteer gazetteer = source.build();
        Features features = new Features(gazetteer, HASH_BITS);
        System.out.printf("gazetteer: %,d entries%n", gazetteer.size());

        List<Sentence> train = new ArrayList<>();
        train.addAll(NerCorpora.wikigold(data));
        train.addAll(NerCorpora.twitterTrain(data));
        train.addAll(NerCorpora.wnutTrain(data));
        train.addAll(NerCorpora.secFilings(data));
        int corpusSentences = train.size();
        train.addAll(synthetic(source, new SplittableRandom(SEED), SYNTHETIC_SENTENCES));
        List<Sentence> realDev = new ArrayList<>();
        realDev.addAll(NerCorpora.twitterDev(data));
        realDev.addAll(NerCorpora.wnutDev(data));
        List<Sentence> dev = new ArrayList<>(realDev);
        dev.addAll(synthetic(source, new SplittableRandom(SEED + 1), 2_000));
        System.out.printf("training sentences: %,d from corpora, %,d synthetic; dev %,d%n",
                corpusSentences, train.size() - corpusSentences, dev.size());

        SplittableRandom dropout = new SplittableRandom(SEED + 2);
        List<Instance> trainSet = new ArrayList<>();
        for (Sentence s : train) {
            trainSet.add(new Instance(features.extract(s.words(), dropout, GAZETTEER_DROPOUT), s.labels()));
        }
        List<Instance> devSet = dev.stream().map(s -> new Instance(features.extract(s.words()), s.labels())).toList();
        List<Instance> realDevSet = devSet.subList(0, realDev.size());
        List<Instance> syntheticDevSet = devSet.subList(realDev.size(), devSet.size());

        NerTrainer trainer = new NerTrainer(HASH_BITS);
        Random shuffle = new Random(SEED + 3);
        List<Instance> order = new ArrayList<>(trainSet);
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            java.util.Collections.shuffle(order, shuffle);
            int mistakes = 0;
            for (Instance instance : order) {
                mistakes += trainer.update(instance);
            }
            LinearChainModel model = trainer.averaged(1.0);
            System.out.printf("epoch %d: %,d sentences with mistakes; entity F1 on btc.dev + wnut17 dev %.3f, on synthetic dev %.3f%n",
                    epoch, mistakes, entityF1(model, realDevSet), entityF1(model, syntheticDevSet));
        }
        LinearChainModel model = trainer.averaged(1.0);
        double temperature = fitTemperature(model, devSet);
        model = model.withTemperature(temperature);
        System.out.printf("temperature %.2f%n", temperature);
        try (OutputStream stream = new GZIPOutputStream(Files.newOutputStream(out.resolve(NamedEntityRecognizer.MODEL_RESOURCE)), 1 << 16)) {
            model.write(stream);
        }
        System.out.printf("model written to %s (%,d bytes) in %.1f s%n", out,
                Files.size(out.resolve(NamedEntityRecognizer.MODEL_RESOURCE)), (System.nanoTime() - started) / 1e9);
    }

    static List<Sentence> synthetic(GazetteerSource source, SplittableRandom random, int count) {
        List<Sentence> out = new ArrayList<>();
        for (SyntheticSentences.Labelled labelled : new SyntheticSentences(source, random).generate(count)) {
            out.addAll(toSentences(labelled.text(), labelled.spans()));
        }
        return out;
    }

    /** Tokenizes and segments a text as the recognizer does, labelling words by the spans they start or continue. */
    static List<Sentence> toSentences(String text, List<NerCorpora.Span> spans) {
        Tokens tokens = Tokens.of(text);
        int n = tokens.size();
        String[] words = new String[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            words[i] = tokens.word(i);
            for (NerCorpora.Span span : spans) {
                if (tokens.start(i) >= span.start() && tokens.end(i) <= span.end()) {
                    boolean begin = i == 0 || tokens.start(i - 1) < span.start();
                    labels[i] = NerCorpora.labelId(span.type(), begin);
                }
            }
        }
        List<Sentence> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || NamedEntityRecognizer.startsSegment(tokens, words, i)) {
                int[] segmentLabels = Arrays.copyOfRange(labels, from, i);
                if (segmentLabels.length > 0 && segmentLabels[0] % 2 == 0 && segmentLabels[0] != 0) {
                    segmentLabels[0]--;
                }
                out.add(new Sentence(Arrays.copyOfRange(words, from, i), segmentLabels));
                from = i;
            }
        }
        return out;
    }

    private double[][] emissions(int[][] features) {
        int labels = LinearChainModel.LABEL_COUNT;
        double[][] out = new double[features.length][labels];
        for (int t = 0; t < features.length; t++) {
            for (int id : features[t]) {
                int base = id * labels;
                for (int y = 0; y < labels; y++) {
                    out[t][y] += weights[base + y];
                }
            }
        }
        return out;
    }

    /** One perceptron step on one sentence; returns 1 when the prediction was wrong. */
    int update(Instance instance) {
        int[] predicted = LinearChainModel.viterbi(emissions(instance.features()), transitions);
        int[] gold = instance.labels();
        int labels = LinearChainModel.LABEL_COUNT;
        boolean wrong = false;
        for (int t = 0; t < gold.length; t++) {
            int goldPrevious = t == 0 ? labels : gold[t - 1];
            int predictedPrevious = t == 0 ? labels : predicted[t - 1];
            if (gold[t] != predicted[t]) {
                wrong = true;
                for (int id : instance.features()[t]) {
                    add(id * labels + gold[t], 1);
                    add(id * labels + predicted[t], -1);
                }
            }
            if (gold[t] != predicted[t] || goldPrevious != predictedPrevious) {
                addTransition(goldPrevious * labels + gold[t], 1);
                addTransition(predictedPrevious * labels + predicted[t], -1);
            }
        }
        step++;
        return wrong ? 1 : 0;
    }

    private void add(int index, float delta) {
        weights[index] += delta;
        weightSums[index] += step * delta;
    }

    private void addTransition(int index, double delta) {
        transitions[index] += delta;
        transitionSums[index] += step * delta;
    }

    LinearChainModel averaged(double temperature) {
        float[] average = new float[weights.length];
        for (int i = 0; i < weights.length; i++) {
            average[i] = (float) (weights[i] - weightSums[i] / step);
        }
        double[] averageTransitions = new double[transitions.length];
        for (int i = 0; i < transitions.length; i++) {
            averageTransitions[i] = transitions[i] - transitionSums[i] / step;
        }
        return LinearChainModel.quantize(hashBits, average, averageTransitions, temperature);
    }

    /** Exact-match entity F1 over PER/LOC/ORG. */
    static double entityF1(LinearChainModel model, List<Instance> set) {
        int correct = 0;
        int predictedCount = 0;
        int goldCount = 0;
        for (Instance instance : set) {
            int[] predicted = model.decode(model.emissions(instance.features()));
            List<int[]> p = spans(predicted);
            List<int[]> g = spans(instance.labels());
            predictedCount += p.size();
            goldCount += g.size();
            for (int[] span : p) {
                if (g.stream().anyMatch(x -> Arrays.equals(x, span))) {
                    correct++;
                }
            }
        }
        double precision = predictedCount == 0 ? 0 : (double) correct / predictedCount;
        double recall = goldCount == 0 ? 0 : (double) correct / goldCount;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    static List<int[]> spans(int[] labels) {
        List<int[]> out = new ArrayList<>();
        for (int t = 0; t < labels.length; t++) {
            if (labels[t] % 2 == 1) {
                int end = t + 1;
                while (end < labels.length && labels[end] == labels[t] + 1) {
                    end++;
                }
                out.add(new int[] {t, end, labels[t]});
                t = end - 1;
            }
        }
        return out;
    }

    /** The temperature minimizing the negative log-likelihood of the dev labels under the marginals. */
    static double fitTemperature(LinearChainModel model, List<Instance> dev) {
        double best = 1;
        double bestLoss = Double.MAX_VALUE;
        for (double temperature = 0.25; temperature <= 64; temperature *= 1.25) {
            LinearChainModel candidate = model.withTemperature(temperature);
            double loss = 0;
            for (Instance instance : dev) {
                double[][] marginals = candidate.marginals(candidate.emissions(instance.features()));
                for (int t = 0; t < marginals.length; t++) {
                    loss -= Math.log(Math.max(1e-9, marginals[t][instance.labels()[t]]));
                }
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                best = temperature;
            }
        }
        return best;
    }
}
