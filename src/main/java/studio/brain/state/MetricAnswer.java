package studio.brain.state;

import java.util.List;
import java.util.Map;

/**
 * A metric's value with what was asked to get it: the queries (or the listing) and each answer, in a canonical
 * form that a reading's input hash is taken over.
 */
record MetricAnswer(long value, List<Map<String, Object>> trace) {

    MetricAnswer {
        trace = List.copyOf(trace);
    }
}
