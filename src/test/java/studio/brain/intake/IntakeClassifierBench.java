package studio.brain.intake;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of {@link IntakeClassifier#classify} over the labeled dataset ({@code src/test/resources/intake/
 * eval.jsonl}) repeated, on one thread, with the studio's rule pack: texts per second and microseconds per text,
 * median of five timed rounds after two warm-up rounds. Nothing is asserted; the figure depends on the machine.
 *
 * <p>Run from the project folder: {@code ./mvnw -o -q -DskipTests package test-compile}, then
 * {@code java -cp "target/test-classes:target/classes:target/lib/*" studio.brain.intake.IntakeClassifierBench 200}
 * (the argument is how many times the dataset is classified per round; default 200).
 */
final class IntakeClassifierBench {
    private IntakeClassifierBench() {}

    public static void main(String[] args) {
        int repeat = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        IntakeClassifier classifier = IntakeClassifier.load(Path.of("policies", RulePack.FILE_NAME));
        List<String> texts = IntakeEvaluation.dataset().stream().map(IntakeEvaluation.Example::text).toList();
        long chars = texts.stream().mapToLong(String::length).sum();
        double[] rates = new double[5];
        long sink = 0;
        for (int round = -2; round < rates.length; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < repeat; r++) {
                for (String text : texts) {
                    sink += classifier.classify(text).matchedRules().size();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= 0) {
                rates[round] = texts.size() * (double) repeat / seconds;
            }
        }
        long normStart = System.nanoTime();
        for (int r = 0; r < repeat; r++) {
            for (String text : texts) {
                sink += classifier.tokens(text).size();
            }
        }
        double normalizeRate = texts.size() * (double) repeat / ((System.nanoTime() - normStart) / 1e9);
        java.util.Arrays.sort(rates);
        double median = rates[rates.length / 2];
        System.out.printf(Locale.ROOT, "rule pack %s, %d rules; %d texts (avg %.0f chars) x %d per round%n",
                classifier.rulePack().version(), classifier.rulePack().ruleCount(), texts.size(),
                (double) chars / texts.size(), repeat);
        System.out.printf(Locale.ROOT, "throughput: %.0f texts/s (median of %d rounds; min %.0f, max %.0f), "
                + "%.1f us/text; normalization alone %.0f texts/s [%d]%n", median, rates.length, rates[0],
                rates[rates.length - 1], 1e6 / median, normalizeRate, sink);
    }
}
