package studio.brain.gate;

import java.time.Duration;
import java.util.List;

/**
 * The gate's answer: allowed or not, the reason code, the approval state a new proposal would start in, when to
 * retry (rate limits), the exemption that allowed it (if any), and the trace of the checks in order.
 */
public record Decision(boolean allowed, ReasonCode reason, String approvalState, Duration retryAfter,
                       String exemptionId, List<String> trace) {

    public Decision {
        trace = List.copyOf(trace);
    }

    static Decision deny(ReasonCode reason, List<String> trace) {
        return new Decision(false, reason, null, null, null, trace);
    }

    static Decision rateLimited(Duration retryAfter, List<String> trace) {
        return new Decision(false, ReasonCode.RATE_LIMITED, null, retryAfter, null, trace);
    }
}
