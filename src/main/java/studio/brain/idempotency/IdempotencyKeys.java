package studio.brain.idempotency;

import studio.brain.hash.ContentHash;

/**
 * The one stored form of an idempotency key: a 64-character lower-case hex hash. Keys from outside (webhook ids,
 * an HTTP {@code Idempotency-Key}, an exchange header) have any length and alphabet and may carry personal data,
 * so they are stored as their {@link ContentHash}; a key that already is such a hash (a dedupe key computed by
 * the hub, an outbox message hash) is kept as it is, so hashing twice never changes it.
 */
public final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    public static String canonical(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an idempotency key must not be null or blank");
        }
        return ContentHash.isHash(key) ? key : ContentHash.of(key);
    }

    static String requireScope(String scope) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("an idempotency scope must not be null or blank");
        }
        return scope;
    }
}
