package studio.brain.gate.auth;

import java.util.Objects;

/** A delegation just recorded, and the first token for its agent. */
public record IssuedDelegation(Delegation delegation, DelegationToken token) {
    public IssuedDelegation {
        Objects.requireNonNull(delegation, "delegation");
        Objects.requireNonNull(token, "token");
    }
}
