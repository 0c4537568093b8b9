package studio.brain.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** STUDIO_BRAIN_SCORECARD_CRON: a Quartz cron, every five minutes when empty, refused with its name otherwise. */
class ScorecardSettingsTest {
    @Test
    void theSettingIsACronOrTheDefault() {
        assertThat(ScorecardSettings.of(Optional.empty())).isEqualTo(new ScorecardSettings(true, "0 0/5 * * * ?"));
        assertThat(ScorecardSettings.of(Optional.of("  "))).isEqualTo(ScorecardSettings.DEFAULT);
        assertThat(ScorecardSettings.of(Optional.of("0 0 * * * ?"))).isEqualTo(new ScorecardSettings(true,
                "0 0 * * * ?"));
        assertThat(ScorecardSettings.DEFAULT.off().enabled()).isFalse();
        assertThatThrownBy(() -> ScorecardSettings.of(Optional.of("every five minutes")))
                .hasMessageContaining("STUDIO_BRAIN_SCORECARD_CRON").hasMessageContaining("stays off");
    }
}
