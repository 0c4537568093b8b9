package studio.brain.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void theWaitDoublesFromTheBaseUpToTheCap() {
        assertThat(backoff.afterFailures(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.afterFailures(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.afterFailures(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.afterFailures(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(backoff.afterFailures(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.afterFailures(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anUnsubscribedMessageWaitsAboutAsLongAsItHasWaitedWithinBaseAndCap() {
        assertThat(backoff.whileUnsubscribed(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.whileUnsubscribed(Duration.ofSeconds(-3))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.whileUnsubscribed(Duration.ofSeconds(40))).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.whileUnsubscribed(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(5));
    }
}
