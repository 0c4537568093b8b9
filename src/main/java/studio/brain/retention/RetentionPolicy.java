package studio.brain.retention;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The checked retention matrix: exactly one rule per data class, and the hash of the file it came from. */
public record RetentionPolicy(String version, String hash, Map<DataClass, RetentionRule> rules) {

    public RetentionPolicy {
        rules = Collections.unmodifiableMap(new EnumMap<>(rules));
    }

    public RetentionRule rule(DataClass dataClass) {
        return rules.get(dataClass);
    }

    /** The draft-only capabilities: their proposals are the drafts class, every other proposal the proposals class. */
    public List<String> draftCapabilities() {
        return rules.get(DataClass.DRAFTS).capabilities();
    }
}
