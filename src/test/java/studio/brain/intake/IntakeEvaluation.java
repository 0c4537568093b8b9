package studio.brain.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The labeled intake requests of {@code src/test/resources/intake/eval.jsonl} (one JSON object a line:
 * {@code {"text": "...", "label": "none" | <category>}}) and the figures a classifier reaches on them.
 */
final class IntakeEvaluation {
    static final String DATASET = "/intake/eval.jsonl";
    /** Lines written after the rules and never used to tune them: reported, not held to the goals. */
    static final String HOLDOUT = "/intake/holdout.jsonl";
    static final double RECALL_GOAL = 0.95;
    static final double FALSE_POSITIVE_GOAL = 0.03;

    record Example(int line, String text, String label) {}

    record Figures(int tp, int fp, int fn) {
        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }
    }

    record Report(Map<String, Figures> perCategory, int benign, int benignFlagged, List<String> mistakes) {
        double falsePositiveRate() {
            return benign == 0 ? 0 : (double) benignFlagged / benign;
        }

        /** The goals this report misses; empty when all are met. */
        List<String> missedGoals() {
            List<String> missed = new ArrayList<>();
            perCategory.forEach((category, figures) -> {
                if (figures.recall() < RECALL_GOAL) {
                    missed.add(String.format(Locale.ROOT, "recall of %s is %.3f < %.2f", category, figures.recall(),
                            RECALL_GOAL));
                }
            });
            if (falsePositiveRate() > FALSE_POSITIVE_GOAL) {
                missed.add(String.format(Locale.ROOT, "false-positive rate on benign requests is %.3f > %.2f",
                        falsePositiveRate(), FALSE_POSITIVE_GOAL));
            }
            return missed;
        }

        String table() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s %9s %9s %4s %4s %4s%n",
                    "category", "precision", "recall", "tp", "fp", "fn"));
            perCategory.forEach((category, f) -> out.append(String.format(Locale.ROOT,
                    "%-16s %9.3f %9.3f %4d %4d %4d%n", category, f.precision(), f.recall(), f.tp(), f.fp(), f.fn())));
            out.append(String.format(Locale.ROOT, "benign: %d of %d flagged, false-positive rate %.3f%n",
                    benignFlagged, benign, falsePositiveRate()));
            mistakes.forEach(m -> out.append("  miss: ").append(m).append('\n'));
            return out.toString();
        }
    }

    private IntakeEvaluation() {}

    static List<Example> dataset() {
        return read(DATASET);
    }

    static List<Example> holdout() {
        return read(HOLDOUT);
    }

    private static List<Example> read(String resource) {
        ObjectMapper json = new ObjectMapper();
        List<Example> examples = new ArrayList<>();
        try (InputStream in = IntakeEvaluation.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the test classpath");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(lines[i]);
                examples.add(new Example(i + 1, node.get("text").asText(), node.get("label").asText()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        return examples;
    }

    static Report evaluate(IntakeClassifier classifier, List<Example> examples) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (String category : RulePack.CATEGORIES) {
            counts.put(category, new int[3]);
        }
        int benign = 0;
        int benignFlagged = 0;
        List<String> mistakes = new ArrayList<>();
        for (Example example : examples) {
            Classification result = classifier.classify(example.text());
            String predicted = result.category();
            if (example.label().equals(Classification.NONE)) {
                benign++;
                if (result.flagged()) {
                    benignFlagged++;
                }
            }
            if (!predicted.equals(example.label())) {
                mistakes.add(String.format(Locale.ROOT, "line %d expected %s got %s %s %s", example.line(),
                        example.label(), predicted, result.matchedRules(), example.text()));
                if (counts.containsKey(example.label())) {
                    counts.get(example.label())[2]++;
                }
                if (counts.containsKey(predicted)) {
                    counts.get(predicted)[1]++;
                }
            } else if (counts.containsKey(predicted)) {
                counts.get(predicted)[0]++;
            }
        }
        Map<String, Figures> figures = new LinkedHashMap<>();
        counts.forEach((category, c) -> figures.put(category, new Figures(c[0], c[1], c[2])));
        return new Report(figures, benign, benignFlagged, mistakes);
    }
}
