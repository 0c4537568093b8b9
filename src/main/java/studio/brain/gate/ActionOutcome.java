package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What an action route reported, read from its JSON answer: {@code resource} (where the effect lives, e.g.
 * {@code firestore:studioOpsNotes/<key>}), {@code preHash} and {@code postHash} (the resource before and after), and
 * {@code outcome}: {@code succeeded} (the default) or {@code unknown} when the action could not confirm its effect.
 */
record ActionOutcome(String outputHash, String resource, String preHash, String postHash, boolean unknown,
                     boolean failed, String detail) {

    static ActionOutcome of(Object output) {
        String hash = ExecutionService.hashOf(output);
        if (output instanceof JsonNode json && json.isObject()) {
            return new ActionOutcome(hash, text(json, "resource"), text(json, "preHash"), text(json, "postHash"),
                    "unknown".equals(text(json, "outcome")), false, text(json, "detail"));
        }
        if (output instanceof Map<?, ?> map) {
            return new ActionOutcome(hash, str(map.get("resource")), str(map.get("preHash")), str(map.get("postHash")),
                    "unknown".equals(str(map.get("outcome"))), false, str(map.get("detail")));
        }
        return new ActionOutcome(hash, null, null, null, false, false, null);
    }

    static ActionOutcome notSent() {
        return new ActionOutcome(null, null, null, null, false, false, "not sent");
    }

    static ActionOutcome unknown(String why) {
        return new ActionOutcome(null, null, null, null, true, false, why);
    }

    static ActionOutcome failed(String errorName) {
        return new ActionOutcome(null, null, null, null, false, true, errorName);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
