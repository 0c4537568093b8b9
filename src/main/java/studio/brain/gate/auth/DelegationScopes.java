package studio.brain.gate.auth;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;
import studio.brain.ledger.ActorType;

/**
 * The scopes a delegation grants: {@code capability:<capability id>:propose} lets the agent propose that capability,
 * {@code capability:<capability id>:execute} lets it ask for execution of an approved proposal. Nothing wider exists
 * (no wildcard): staff name each capability an agent may touch.
 */
public final class DelegationScopes {
    public static final String PROPOSE = "propose";
    public static final String EXECUTE = "execute";
    /** Capability ids are lower-case dotted names such as {@code firestore.ops_note.append}. */
    private static final Pattern SCOPE =
            Pattern.compile("capability:[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*:(propose|execute)");
    private static final int MAX_SCOPE_LENGTH = 200;
    static final int MAX_SCOPES = 100;

    private DelegationScopes() {
    }

    public static boolean valid(String scope) {
        return scope != null && scope.length() <= MAX_SCOPE_LENGTH && SCOPE.matcher(scope).matches();
    }

    public static String of(String capabilityId, String action) {
        String scope = "capability:" + capabilityId + ":" + action;
        if (!valid(scope)) {
            throw new IllegalArgumentException("not a delegation scope: " + scope);
        }
        return scope;
    }

    /** Every scope well formed, at least one and not absurdly many; else why not. */
    static Optional<String> problem(Set<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return Optional.of("a delegation grants at least one scope");
        }
        if (scopes.size() > MAX_SCOPES) {
            return Optional.of("a delegation grants at most " + MAX_SCOPES + " scopes");
        }
        for (String scope : scopes) {
            if (!valid(scope)) {
                return Optional.of("scope '" + printable(scope) + "' is not capability:<capability id>:propose "
                        + "or capability:<capability id>:execute");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an agent's delegation covers this action on this capability: empty when it does, else
     * {@link ReasonCode#SCOPE_MISSING}. Scopes bind agents only; what staff, members and routes may do is the
     * capability policy's business, so for them this says nothing (empty).
     */
    public static Optional<ReasonCode> check(Actor actor, String capabilityId, String action) {
        if (actor.type() != ActorType.AGENT || actor.hasScope(capabilityId, action)) {
            return Optional.empty();
        }
        return Optional.of(ReasonCode.SCOPE_MISSING);
    }

    private static String printable(String scope) {
        if (scope == null) {
            return "null";
        }
        String shown = scope.length() > 60 ? scope.substring(0, 60) + "…" : scope;
        return shown.replaceAll("[^\\x20-\\x7e…]", "?");
    }
}
