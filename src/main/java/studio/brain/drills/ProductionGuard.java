package studio.brain.drills;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import studio.brain.config.ConfigKey;

/**
 * The hard stop before any drill: a drill floods a hub with approvals, pulls its database away and edits its ledger,
 * so it must never run where the configuration looks like the studio's real one. It reads the environment as given
 * (not a parsed configuration, so that even a half-valid production setup is recognized) and answers every reason
 * it found; the drill runs only when there is none.
 */
public final class ProductionGuard {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]", "0:0:0:0:0:0:0:1");

    private ProductionGuard() {
    }

    /** Why this environment looks like production; empty when a drill may run. Never repeats a secret's value. */
    public static List<String> reasons(Map<String, String> env) {
        List<String> reasons = new ArrayList<>();
        value(env, ConfigKey.DB_URL).ifPresent(url -> {
            String host = jdbcHost(url);
            if (host == null || !loopback(host)) {
                reasons.add(ConfigKey.DB_URL.envName() + " points at " + (host == null ? "a server that cannot be "
                        + "read from the URL" : "the non-loopback host " + host) + "; drills run only against a "
                        + "database on this machine");
            }
        });
        value(env, ConfigKey.HTTP_HOST).filter(host -> !loopback(host)).ifPresent(host -> reasons.add(
                ConfigKey.HTTP_HOST.envName() + " is " + host + ", not loopback: this hub is reachable from the network"));
        value(env, ConfigKey.STAFF_AUTH).filter(mode -> mode.trim().equalsIgnoreCase("firebase")).ifPresent(mode ->
                reasons.add(ConfigKey.STAFF_AUTH.envName() + " is firebase: staff sign in with the studio's real "
                        + "identities"));
        value(env, ConfigKey.FIRESTORE_PROJECT_ID).ifPresent(project -> {
            if (env.getOrDefault("FIRESTORE_EMULATOR_HOST", "").isBlank()) {
                reasons.add(ConfigKey.FIRESTORE_PROJECT_ID.envName() + " names a real Firestore project and "
                        + "FIRESTORE_EMULATOR_HOST is not set");
            }
        });
        value(env, ConfigKey.STRIPE_API_KEY).ifPresent(key -> reasons.add(ConfigKey.STRIPE_API_KEY.envName()
                + " is set: a Stripe key belongs to the studio's real account"));
        value(env, ConfigKey.OPS_NOTES_COLLECTION).ifPresent(collection -> reasons.add(
                ConfigKey.OPS_NOTES_COLLECTION.envName() + " is set: the ops-note write pilot is on"));
        value(env, ConfigKey.HUBITAT_COMMANDS_ENABLED).filter(v -> v.trim().equalsIgnoreCase("true")).ifPresent(v ->
                reasons.add(ConfigKey.HUBITAT_COMMANDS_ENABLED.envName() + " is true: device commands reach the "
                        + "kiln room"));
        return reasons;
    }

    private static java.util.Optional<String> value(Map<String, String> env, ConfigKey key) {
        return java.util.Optional.ofNullable(env.get(key.envName())).map(String::trim).filter(v -> !v.isEmpty());
    }

    static boolean loopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return LOOPBACK_NAMES.contains(h) || h.matches("127(\\.\\d{1,3}){3}");
    }

    /** The host of a {@code jdbc:postgresql://host[:port][,host2...]/db} URL; null when it has none we can read. */
    static String jdbcHost(String url) {
        String rest = url.trim();
        if (!rest.startsWith("jdbc:")) {
            return null;
        }
        try {
            URI uri = URI.create(rest.substring("jdbc:".length()));
            String authority = uri.getRawAuthority();
            if (authority == null || authority.isEmpty()) {
                return null;
            }
            if (authority.contains(",")) {
                // Several servers: safe only if every one is local.
                for (String part : authority.split(",")) {
                    if (!loopback(hostOf(part))) {
                        return hostOf(part);
                    }
                }
                return hostOf(authority.split(",")[0]);
            }
            return hostOf(authority);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String hostOf(String authority) {
        String a = authority.contains("@") ? authority.substring(authority.lastIndexOf('@') + 1) : authority;
        if (a.startsWith("[")) {
            return a.substring(0, a.indexOf(']') + 1);
        }
        return a.contains(":") ? a.substring(0, a.indexOf(':')) : a;
    }
}
