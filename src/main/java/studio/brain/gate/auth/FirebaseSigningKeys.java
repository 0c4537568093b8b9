package studio.brain.gate.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import studio.brain.observability.EventLog;

/**
 * The public keys Firebase signs ID tokens with, fetched as a JWKS document and kept for as long as the response's
 * {@code Cache-Control: max-age} allows.
 *
 * <p>Google publishes a new key before signing with it, so a token naming an unknown {@code kid} usually means the
 * cached set is older than a rotation: the set is fetched again at once. Unknown key ids are also what a forger
 * sends, so such refetches (and retries after a failed fetch) happen at most once per {@link #REFETCH_INTERVAL};
 * a stream of made-up key ids cannot turn the hub into a load generator against Google. When the keys cannot be
 * fetched and the cached ones are past their lifetime, tokens are refused: no fresh keys, no sign-in.
 */
final class FirebaseSigningKeys {
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);
    /** Google always sends max-age; a server that does not gets its document reused this long. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    private static final int MIN_RSA_BITS = 2048;
    private static final EventLog LOG = EventLog.of("auth");

    private final URI url;
    private final Clock clock;
    private final HttpClient http;
    private volatile Snapshot current;
    private Instant lastAttempt;
    private boolean lastAttemptFailed;

    /** One fetched document: its usable keys by key id, and until when it may be used. */
    private record Snapshot(Map<String, RSAKey> keys, Instant usableUntil) {
        boolean usableAt(Instant now) {
            return now.isBefore(usableUntil);
        }
    }

    /** The keys cannot be had right now; the token can be neither accepted nor judged forged. */
    static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    FirebaseSigningKeys(URI url, Clock clock) {
        this.url = requireSafeUrl(url);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The key with this id, if Firebase publishes one; empty for an id it does not know. */
    Optional<RSAKey> key(String keyId) throws UnavailableException {
        Snapshot seen = usable();
        RSAKey key = seen.keys().get(keyId);
        if (key != null) {
            return Optional.of(key);
        }
        return Optional.ofNullable(refetchForUnknownKey(seen).keys().get(keyId));
    }

    private Snapshot usable() throws UnavailableException {
        Snapshot snapshot = current;
        if (snapshot != null && snapshot.usableAt(clock.instant())) {
            return snapshot;
        }
        synchronized (this) {
            Instant now = clock.instant();
            snapshot = current;
            if (snapshot != null && snapshot.usableAt(now)) {
                return snapshot;
            }
            if (recentlyAttempted(now)) {
                // A fetch a moment ago gave a document that may not be cached (max-age 0): reuse it for now.
                if (snapshot != null && !lastAttemptFailed) {
                    return snapshot;
                }
                throw new UnavailableException("Firebase's signing keys could not be fetched; try again shortly");
            }
            return fetch(now);
        }
    }

    private synchronized Snapshot refetchForUnknownKey(Snapshot seen) throws UnavailableException {
        Instant now = clock.instant();
        if (current != seen || recentlyAttempted(now)) {
            return current;
        }
        try {
            return fetch(now);
        } catch (UnavailableException e) {
            return seen;
        }
    }

    private boolean recentlyAttempted(Instant now) {
        return lastAttempt != null && now.isBefore(lastAttempt.plus(REFETCH_INTERVAL));
    }

    /** Called with the monitor held. */
    private Snapshot fetch(Instant now) throws UnavailableException {
        lastAttempt = now;
        lastAttemptFailed = true;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json").GET()
                .build();
        HttpResponse<InputStream> response;
        String body;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
                if (bytes.length > MAX_DOCUMENT_BYTES) {
                    throw unavailable("the key document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
                }
                body = new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw unavailable("fetching failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while fetching");
        }
        if (response.statusCode() != 200) {
            throw unavailable("the server answered HTTP " + response.statusCode());
        }
        Map<String, RSAKey> keys;
        try {
            keys = signingKeys(JWKSet.parse(body));
        } catch (ParseException e) {
            throw unavailable("the answer is not a JWKS document");
        }
        if (keys.isEmpty()) {
            throw unavailable("the document holds no RSA signing key of " + MIN_RSA_BITS + " bits or more");
        }
        Duration lifetime = CacheLifetime.of(response.headers().firstValue("Cache-Control"),
                response.headers().firstValue("Age"), DEFAULT_LIFETIME);
        Snapshot snapshot = new Snapshot(Map.copyOf(keys), now.plus(lifetime));
        current = snapshot;
        lastAttemptFailed = false;
        LOG.info("auth.firebase_keys_fetched", "url", url.toString(), "keys", keys.size(),
                "cacheSeconds", lifetime.toSeconds());
        return snapshot;
    }

    private UnavailableException unavailable(String why) {
        // The details are for the operator's log; the caller, who may be anyone, hears only that it failed.
        LOG.warn("auth.firebase_keys_unavailable", "url", url.toString(), "reason", why);
        return new UnavailableException("Firebase's signing keys could not be fetched; try again shortly");
    }

    /** Only public RSA keys meant for signatures with RS256, each under its key id. */
    private static Map<String, RSAKey> signingKeys(JWKSet set) {
        Map<String, RSAKey> keys = new HashMap<>();
        for (JWK jwk : set.getKeys()) {
            if (jwk instanceof RSAKey rsa
                    && rsa.getKeyID() != null
                    && (rsa.getKeyUse() == null || KeyUse.SIGNATURE.equals(rsa.getKeyUse()))
                    && (rsa.getAlgorithm() == null || JWSAlgorithm.RS256.equals(rsa.getAlgorithm()))
                    && rsa.size() >= MIN_RSA_BITS) {
                keys.put(rsa.getKeyID(), rsa.toPublicJWK());
            }
        }
        return keys;
    }

    /**
     * Keys fetched over plain HTTP could be swapped by anyone on the path, and whoever picks the keys picks who is
     * staff: only HTTPS, or plain HTTP to this machine itself (a local mirror, a test).
     */
    private static URI requireSafeUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return url;
        }
        if (scheme.equals("http") && url.getHost() != null && loopback(url.getHost())) {
            return url;
        }
        throw new IllegalArgumentException("the Firebase key URL must use https (plain http only to this machine): "
                + url);
    }

    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            // Only IP literals are resolved here (no lookup): a name other than localhost is not trusted as local.
            if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return false;
            }
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
