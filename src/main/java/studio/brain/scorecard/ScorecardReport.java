package studio.brain.scorecard;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.brain.ledger.ChainHash;

/** One computation of the scorecard: when, and every indicator in the policy's order. */
public record ScorecardReport(Instant computedAt, List<IndicatorResult> indicators) {

    public ScorecardReport {
        indicators = List.copyOf(indicators);
    }

    /** The agreed shape of {@code GET /api/scorecard}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("computedAt", ChainHash.formatTime(computedAt));
        json.put("indicators", indicators.stream().map(IndicatorResult::toJson).toList());
        return json;
    }
}
