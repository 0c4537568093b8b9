package studio.brain.drills;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of the answers a drill's requests got, by code or status, for the report. */
final class Answers {
    private Answers() {
    }

    static Map<String, Integer> histogram(List<String> answers) {
        Map<String, Integer> counts = new TreeMap<>();
        answers.forEach(a -> counts.merge(a, 1, Integer::sum));
        return counts;
    }
}
