package studio.brain.scorecard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One line of the scorecard: the indicator, its value (absent when unknown), its status against the thresholds, and
 * the owner's note — with what the value rests on, or why it is unknown, after it.
 */
public record IndicatorResult(Indicator indicator, Optional<Double> value, Status status, Threshold threshold,
                              String detail) {

    static IndicatorResult of(Threshold threshold, Reading reading) {
        Status status = reading.value().map(threshold::statusOf).orElse(Status.UNKNOWN);
        return new IndicatorResult(threshold.indicator(), reading.value(), status, threshold, reading.detail());
    }

    /** The agreed shape of one indicator in {@code GET /api/scorecard}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", indicator.key());
        json.put("title", indicator.title());
        json.put("value", value.orElse(null));
        json.put("unit", indicator.unit().wireName());
        json.put("status", status.wireName());
        json.put("warning", threshold.warning());
        json.put("critical", threshold.critical());
        json.put("owner", threshold.owner());
        json.put("note", threshold.note() + " Now: " + detail + ".");
        return json;
    }
}
