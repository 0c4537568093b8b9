package studio.brain.gate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheLifetimeTest {
    private static final Duration FALLBACK = Duration.ofMinutes(5);

    private static Duration lifetime(String cacheControl, String age) {
        return CacheLifetime.of(Optional.ofNullable(cacheControl), Optional.ofNullable(age), FALLBACK);
    }

    @Test
    void googlesHeaderGivesItsMaxAge() {
        assertThat(lifetime("public, max-age=19845, must-revalidate, no-transform", null))
                .isEqualTo(Duration.ofSeconds(19845));
    }

    @Test
    void timeSpentInCachesOnTheWayIsSubtracted() {
        assertThat(lifetime("public, max-age=600", "100")).isEqualTo(Duration.ofSeconds(500));
        assertThat(lifetime("public, max-age=600", "900")).isZero();
    }

    @Test
    void noStoreAndNoCacheMeanNotToReuse() {
        assertThat(lifetime("no-store", null)).isZero();
        assertThat(lifetime("max-age=600, no-cache", null)).isZero();
    }

    @Test
    void aMissingOrGarbledHeaderFallsBackToTheDefault() {
        assertThat(lifetime(null, null)).isEqualTo(FALLBACK);
        assertThat(lifetime("public", null)).isEqualTo(FALLBACK);
        assertThat(lifetime("max-age=soon", null)).isEqualTo(FALLBACK);
        assertThat(lifetime("max-age=-5", null)).isEqualTo(FALLBACK);
    }

    @Test
    void anAbsurdMaxAgeIsCapped() {
        assertThat(lifetime("max-age=99999999", null)).isEqualTo(CacheLifetime.MAX);
    }
}
