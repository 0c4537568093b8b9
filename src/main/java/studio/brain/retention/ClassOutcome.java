package studio.brain.retention;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import studio.brain.ledger.ChainHash;

/**
 * What a run did (or, dry, would do) to one data class: its cut-off, how many rows went (or were redacted), how many
 * due rows legal holds kept, and, when nothing went, why.
 */
public record ClassOutcome(DataClass dataClass, RetentionAction action, Optional<Instant> cutoff, long purged,
                           long held, Optional<SkipReason> skipped) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("class", dataClass.id());
        map.put("action", action.yamlName());
        cutoff.ifPresent(c -> map.put("cutoff", ChainHash.formatTime(c)));
        map.put("purged", purged);
        map.put("held", held);
        skipped.ifPresent(s -> map.put("skipped", s.name()));
        return map;
    }
}
