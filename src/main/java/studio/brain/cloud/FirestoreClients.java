package studio.brain.cloud;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import studio.brain.cloud.CloudReadException.ErrorKind;

/**
 * Opens official Firestore clients the one way the hub does: the project, a time limit per call, and either the
 * emulator named by {@code FIRESTORE_EMULATOR_HOST} (plaintext, no credentials) or Google application-default
 * credentials. Reads may try a call a few times; a writer asks for one attempt, because a write that may have
 * happened must not be sent again blindly.
 */
public final class FirestoreClients {
    /** The variable Google's tools use to point clients at the Firestore emulator (host:port, plaintext). */
    public static final String EMULATOR_HOST_VARIABLE = "FIRESTORE_EMULATOR_HOST";

    private FirestoreClients() {
    }

    /** True when {@code env} points clients at an emulator (or a test fake). */
    public static boolean emulator(Map<String, String> env) {
        String host = env == null ? null : env.get(EMULATOR_HOST_VARIABLE);
        return host != null && !host.isBlank();
    }

    /**
     * @throws CloudReadException AUTH when no credentials can be found, BAD_REQUEST for a blank project id
     */
    public static Firestore open(String projectId, Duration callTimeout, int maxAttempts, Map<String, String> env) {
        FirestoreOptions.Builder options = options(projectId, callTimeout, maxAttempts);
        if (emulator(env)) {
            options.setEmulatorHost(env.get(EMULATOR_HOST_VARIABLE).trim());
        } else {
            try {
                options.setCredentials(GoogleCredentials.getApplicationDefault());
            } catch (IOException e) {
                // The IOException's text can name file paths; the message we give says only what to do.
                throw new CloudReadException(ErrorKind.AUTH,
                        "firestore connect failed: AUTH (no Google application-default credentials found)", e);
            }
        }
        try {
            return options.build().getService();
        } catch (RuntimeException e) {
            throw FirestoreErrors.map(e, "firestore connect");
        }
    }

    private static FirestoreOptions.Builder options(String projectId, Duration callTimeout, int maxAttempts) {
        if (projectId == null || projectId.isBlank()) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST, "firestore connect failed: no project id configured");
        }
        if (callTimeout == null || callTimeout.isZero() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("a Firestore call needs a positive time limit");
        }
        RetrySettings retries = RetrySettings.newBuilder()
                .setTotalTimeoutDuration(callTimeout)
                .setInitialRpcTimeoutDuration(callTimeout)
                .setMaxRpcTimeoutDuration(callTimeout)
                .setRpcTimeoutMultiplier(1.0)
                .setInitialRetryDelayDuration(Duration.ofMillis(100))
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(Duration.ofSeconds(1))
                .setMaxAttempts(maxAttempts)
                .build();
        return FirestoreOptions.newBuilder().setProjectId(projectId).setRetrySettings(retries);
    }
}
