package studio.brain.devices;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Turns whatever a connector call threw into a {@link ConnectorFailure} of the taxonomy, from status codes and
 * exception types only: a vendor rewording its error text cannot change how the hub reacts. The message is the
 * hub's own ("HTTP 401"), so a URL with its {@code access_token}, which Camel's HTTP exception carries, never leaves.
 */
public final class ErrorClassifier {
    /** MQTT 5 reason codes (and the 3.1.1 return codes paho maps to) that mean "your credentials were refused". */
    private static final java.util.Set<Integer> MQTT_AUTH_CODES = java.util.Set.of(
            4, 5, 0x86, 0x87);

    private final Clock clock;

    public ErrorClassifier(Clock clock) {
        this.clock = clock;
    }

    public ConnectorFailure classify(String connector, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ConnectorFailure failure = classifyOne(connector, t);
            if (failure != null) {
                return failure;
            }
        }
        return new ConnectorFailure(connector, ErrorKind.UNKNOWN, "unexpected failure ("
                + (error == null ? "none" : error.getClass().getSimpleName()) + ")");
    }

    private ConnectorFailure classifyOne(String connector, Throwable t) {
        if (t instanceof ConnectorFailure failure) {
            return failure;
        }
        if (t instanceof HttpOperationFailedException http) {
            return fromStatus(connector, http.getStatusCode(), http.getResponseHeaders());
        }
        if (t instanceof CallNotPermittedException) {
            return new ConnectorFailure(connector, ErrorKind.UNAVAILABLE, "circuit breaker open: calls are held back");
        }
        if (t instanceof TimeoutException || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                || t instanceof ConnectTimeoutException) {
            return new ConnectorFailure(connector, ErrorKind.TIMEOUT, "no complete answer in time ("
                    + t.getClass().getSimpleName() + ")");
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
            return new ConnectorFailure(connector, ErrorKind.UNAVAILABLE, "cannot reach the system ("
                    + t.getClass().getSimpleName() + ")");
        }
        if (t instanceof JsonProcessingException) {
            return new ConnectorFailure(connector, ErrorKind.BAD_RESPONSE, "the answer is not the JSON the system "
                    + "documents (" + t.getClass().getSimpleName() + ")");
        }
        if (t instanceof MqttException mqtt) {
            return MQTT_AUTH_CODES.contains(mqtt.getReasonCode())
                    ? new ConnectorFailure(connector, ErrorKind.AUTH, "MQTT broker refused the credentials (reason "
                            + mqtt.getReasonCode() + ")")
                    : new ConnectorFailure(connector, ErrorKind.UNAVAILABLE, "MQTT broker unavailable (reason "
                            + mqtt.getReasonCode() + ")");
        }
        if (t instanceof IOException && t.getCause() == null) {
            // A connection reset or a body cut short: the system went away mid-answer.
            return new ConnectorFailure(connector, ErrorKind.UNAVAILABLE, "connection failed ("
                    + t.getClass().getSimpleName() + ")");
        }
        return null;
    }

    ConnectorFailure fromStatus(String connector, int status, Map<String, String> headers) {
        String what = "HTTP " + status;
        if (status == 401 || status == 403) {
            return new ConnectorFailure(connector, ErrorKind.AUTH, what + ": credentials refused");
        }
        if (status == 429) {
            return new ConnectorFailure(connector, ErrorKind.RATE_LIMITED, what + ": rate limited",
                    retryAfter(headers).orElse(null));
        }
        if (status == 408 || status == 504) {
            return new ConnectorFailure(connector, ErrorKind.TIMEOUT, what + ": the system timed out");
        }
        if (status >= 500) {
            return new ConnectorFailure(connector, ErrorKind.UNAVAILABLE, what + ": the system failed");
        }
        return new ConnectorFailure(connector, ErrorKind.UNKNOWN, what + ": refused");
    }

    /** Retry-After as delta-seconds or an HTTP date; absent or unreadable: empty. */
    java.util.Optional<Duration> retryAfter(Map<String, String> headers) {
        if (headers == null) {
            return java.util.Optional.empty();
        }
        String value = headers.entrySet().stream().filter(e -> "retry-after".equalsIgnoreCase(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return java.util.Optional.empty();
        }
        String text = value.trim();
        try {
            return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return java.util.Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException notDate) {
                return java.util.Optional.empty();
            }
        }
    }
}
