package studio.brain.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** The taxonomy comes from status codes and exception types; messages (which may hold a URL) never leave. */
class ErrorClassifierTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private final ErrorClassifier classifier = new ErrorClassifier(Clock.fixed(NOW, ZoneOffset.UTC));

    private ConnectorFailure http(int status, Map<String, String> headers) {
        return classifier.classify("hubitat", new HttpOperationFailedException(
                "http://hub/apps/api/7/devices/all?access_token=secret-token-value", status, "x", null, headers, "body"));
    }

    @Test
    void statusCodesMapToKinds() {
        assertThat(http(401, Map.of()).kind()).isEqualTo(ErrorKind.AUTH);
        assertThat(http(403, Map.of()).kind()).isEqualTo(ErrorKind.AUTH);
        assertThat(http(500, Map.of()).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(http(503, Map.of()).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(http(504, Map.of()).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(http(404, Map.of()).kind()).isEqualTo(ErrorKind.UNKNOWN);
        ConnectorFailure limited = http(429, Map.of("Retry-After", "7"));
        assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(http(429, Map.of("retry-after", "Mon, 30 Nov 2026 10:01:00 GMT")).retryAfter())
                .contains(Duration.ofMinutes(1));
        assertThat(http(429, Map.of()).retryAfter()).isEmpty();
    }

    @Test
    void theMessageNeverCarriesTheUrlOrItsToken() {
        ConnectorFailure failure = http(401, Map.of());
        assertThat(failure.getMessage()).doesNotContain("secret-token-value").doesNotContain("access_token")
                .doesNotContain("http://");
    }

    @Test
    void exceptionTypesMapToKindsThroughCauses() {
        assertThat(classifier.classify("c", new ConnectException("refused")).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(classifier.classify("c", new UnknownHostException("h")).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(classifier.classify("c", new RuntimeException(new SocketTimeoutException())).kind())
                .isEqualTo(ErrorKind.TIMEOUT);
        assertThat(classifier.classify("c", new HttpTimeoutException("t")).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(classifier.classify("c", new TimeoutException()).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(classifier.classify("c", new com.fasterxml.jackson.core.JsonParseException(null, "x")).kind())
                .isEqualTo(ErrorKind.BAD_RESPONSE);
        CircuitBreaker open = CircuitBreaker.ofDefaults("test");
        open.transitionToOpenState();
        assertThat(classifier.classify("c", CallNotPermittedException.createCallNotPermittedException(open)).kind())
                .isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(classifier.classify("c", new IOException("reset")).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(classifier.classify("c", new IllegalStateException("?")).kind()).isEqualTo(ErrorKind.UNKNOWN);
    }

    @Test
    void mqttReasonCodesDecideBetweenAuthAndUnavailable() {
        assertThat(classifier.classify("v", new MqttException(0x87)).kind()).isEqualTo(ErrorKind.AUTH);
        assertThat(classifier.classify("v", new MqttException(0x86)).kind()).isEqualTo(ErrorKind.AUTH);
        assertThat(classifier.classify("v", new MqttException(5)).kind()).isEqualTo(ErrorKind.AUTH);
        assertThat(classifier.classify("v", new MqttException(32103)).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }

    @Test
    void aMessageThatSaysUnauthorizedDoesNotMakeItAuth() {
        assertThat(classifier.classify("c", new IllegalStateException("401 Unauthorized")).kind())
                .isEqualTo(ErrorKind.UNKNOWN);
    }
}
